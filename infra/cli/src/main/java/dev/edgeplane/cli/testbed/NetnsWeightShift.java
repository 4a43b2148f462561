package dev.edgeplane.cli.testbed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import dev.edgeplane.cli.EdgeplaneCommand;
import dev.edgeplane.lb.act.iptables.WeightedEndpoint;
import dev.edgeplane.testbed.LoadResult;
import dev.edgeplane.testbed.ServiceDataPlane;
import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedConfig;
import dev.edgeplane.testbed.TestbedException;
import dev.edgeplane.testbed.TestbedNamespace;
import dev.edgeplane.testbed.TestbedProcess;
import dev.edgeplane.testbed.TestbedRun;
import dev.edgeplane.testbed.Workloads;

/**
 * The kernel data plane of the loop: {@code edgeplane lb apply} runs in the client namespace and
 * writes the weights the lb-updater plans for the client's node into the nat rules in front of
 * kube-proxy's equal shares. A slowed replica process then shifts the weights, the lb-updater's
 * applier rewrites the rules, and real requests through the service address show each endpoint's
 * share against its weight, and against kube-proxy's equal shares as the baseline. Blocks for the
 * whole run; the testbed stops the processes.
 */
final class NetnsWeightShift {

    private static final long SAMPLE_INTERVAL_MS = 200;
    private static final List<String> APPLIER_JVM = List.of("-Xms16m", "-Xmx96m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k");

    private NetnsWeightShift() {
    }

    /**
     * Measurements of the slowed replica.
     *
     * @param slowPod the replica that was slowed
     * @param sharesBefore the kernel's share of each pod when the fault started
     * @param faultToShiftMs time from the fault to a weight set giving the slowed pod the lowest weight, at most half
     *     its share before
     * @param faultToKernelMs time from the fault to kernel rules doing the same
     * @param dueShares the share of the requests each pod was due by the kernel's rules in effect when each
     *     request connected, read every 200 ms while the requests ran
     * @param load the requests sent through the service address after the shift, counted by pod
     * @param samples how many times the kernel's shares were read during the requests
     * @param uniform the requests sent afterwards under kube-proxy's equal shares, the baseline
     */
    record ShiftReport(String slowPod, Map<String, Double> sharesBefore, long faultToShiftMs, long faultToKernelMs,
            Map<String, Double> dueShares, LoadResult load, int samples, LoadResult uniform) {

        /** Returns the largest gap between a pod's share of the requests and its due share. */
        double maxShareGap() {
            double max = 0;
            for (Map.Entry<String, Double> entry : dueShares.entrySet()) {
                max = Math.max(max, Math.abs(load.share(entry.getKey()) - entry.getValue()));
            }
            return max;
        }
    }

    /**
     * Runs the weight shift on a started loop: installs kube-proxy's rules, starts the applier, waits
     * for its weights in the kernel, slows the first replica to {@code slowServiceMicros}, waits for the
     * shift in the weights and in the kernel, then sends {@code requests} requests. Last it stops the
     * applier and sends {@code uniformRequests} under kube-proxy's equal shares, with the replica still slow.
     *
     * @throws dev.edgeplane.testbed.TestbedException if a process fails or a step times out
     */
    static ShiftReport run(NetnsControlLoop loop, long slowServiceMicros, int requests, int uniformRequests,
            int concurrency, Consumer<String> progress) {
        Testbed testbed = loop.testbed();
        Map<String, String> podByEndpoint = podByEndpoint(loop);
        int replicas = loop.settings().replicas();
        try (ServiceDataPlane dataPlane = new ServiceDataPlane(testbed, testbed.client(), TestbedRun.SERVICE,
                testbed.serviceAddress(0), 80)) {
            TestbedProcess applier = startApplier(loop, dataPlane, "lb-apply", progress);

            String slowPod = NetnsControlLoop.pod(0);
            Map<String, Double> before = loop.await("the applier to write weights for every replica",
                    () -> applied(dataPlane, podByEndpoint, replicas));
            progress.accept("Kernel shares before the fault: " + before);

            long faultMs = System.currentTimeMillis();
            Workloads.setServiceTime(testbed, slowPod, slowServiceMicros);
            progress.accept("Fault: replica process " + slowPod + " now takes " + slowServiceMicros + " µs per request");
            double limit = before.get(slowPod) / 2;
            // The lowest weight as well, because on a loaded machine every replica's p95 jumps now and
            // then, and such noise alone can halve a weight for a plan or two.
            ObservedEvents.Weights shifted = loop.await("weights giving " + slowPod + " at most " + limit
                    + " and the lowest weight", () -> loop.events().weights().stream().filter(w -> w.timeMs() >= faultMs
                            && w.clientNode().equals(loop.clientNode()) && isShifted(w.byPod(), slowPod, limit))
                    .findFirst());
            progress.accept("Shifted: weights " + shifted.byPod() + " after " + (shifted.timeMs() - faultMs) + " ms");
            String kernelStep = "kernel rules giving " + slowPod + " at most " + limit + " and the lowest share";
            long kernelMs = loop.await(kernelStep, () -> {
                Map<String, Double> shares = byPod(dataPlane.kernelShares(), podByEndpoint);
                return isShifted(shares, slowPod, limit) ? Optional.of(System.currentTimeMillis()) : Optional.empty();
            });
            progress.accept("Kernel rules changed after " + (kernelMs - faultMs) + " ms");

            SharesDuringLoad during = sendRequests(loop, dataPlane, podByEndpoint, requests, concurrency);
            progress.accept("Requests under the shifted weights: " + during.load() + "; shares due by the kernel's"
                    + " rules " + during.dueShares() + " from " + during.samples() + " readings");

            // On SIGTERM the applier removes its chains, so kube-proxy's equal shares apply again.
            applier.stop();
            Map<String, Double> equalShares = byPod(dataPlane.kernelShares(), podByEndpoint);
            if (equalShares.values().stream().anyMatch(share -> Math.abs(share - 1.0 / replicas) > 1e-6)) {
                throw new TestbedException("After edgeplane lb apply stopped, the kernel's shares are " + equalShares
                        + " instead of kube-proxy's equal shares; see its log " + applier.log());
            }
            LoadResult uniform = Workloads.sendRequests(testbed, testbed.client(), dataPlane.address(),
                    dataPlane.port(), uniformRequests, concurrency);
            progress.accept("Requests under kube-proxy's equal shares, the slowed replica still slow: " + uniform);
            return new ShiftReport(slowPod, before, shifted.timeMs() - faultMs, kernelMs - faultMs, during.dueShares(),
                    during.load(), during.samples(), uniform);
        }
    }

    /** Requests sent with the kernel's shares sampled meanwhile, and the share each pod was due. */
    private record SharesDuringLoad(LoadResult load, Map<String, Double> dueShares, int samples) {
    }

    /** The kernel's shares by pod, read at {@code timeMs}. */
    private record Sample(long timeMs, Map<String, Double> shares) {
    }

    /**
     * Sends the requests while reading the kernel's shares every {@link #SAMPLE_INTERVAL_MS}, because
     * the lb-updater plans every second and the rules change while the requests run. A pod's due share
     * is the mean, over the successful requests, of its share in the last sample before each request's
     * connection, so periods with more requests count more.
     */
    private static SharesDuringLoad sendRequests(NetnsControlLoop loop, ServiceDataPlane dataPlane,
            Map<String, String> podByEndpoint, int requests, int concurrency) {
        Testbed testbed = loop.testbed();
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(System.currentTimeMillis(), byPod(dataPlane.kernelShares(), podByEndpoint)));
        CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> Workloads.sendRequests(testbed,
                testbed.client(), dataPlane.address(), dataPlane.port(), requests, concurrency));
        LoadResult result;
        try {
            while (!load.isDone()) {
                Thread.sleep(SAMPLE_INTERVAL_MS);
                long readMs = System.currentTimeMillis();
                samples.add(new Sample(readMs, byPod(dataPlane.kernelShares(), podByEndpoint)));
            }
            result = load.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("Interrupted while sending requests", e);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }

        Map<String, Double> due = new LinkedHashMap<>();
        int next = 0;
        List<LoadResult.Pick> picks = result.picks().stream().sorted(Comparator.comparingLong(LoadResult.Pick::timeMs))
                .toList();
        for (LoadResult.Pick pick : picks) {
            while (next + 1 < samples.size() && samples.get(next + 1).timeMs() <= pick.timeMs()) {
                next++;
            }
            samples.get(next).shares().forEach((pod, share) -> due.merge(pod, share / picks.size(), Double::sum));
        }
        return new SharesDuringLoad(result, due, samples.size());
    }

    private static boolean isShifted(Map<String, Double> weights, String pod, double limit) {
        double weight = weights.getOrDefault(pod, 1.0);
        return weight <= limit && weights.values().stream().allMatch(other -> other >= weight);
    }

    /** Returns each replica's pod by its endpoint, {@code ADDRESS:PORT}. */
    static Map<String, String> podByEndpoint(NetnsControlLoop loop) {
        Map<String, String> podByEndpoint = new LinkedHashMap<>();
        for (int i = 0; i < loop.settings().replicas(); i++) {
            TestbedNamespace node = loop.testbed().nodes().get(i);
            podByEndpoint.put(node.address() + ":" + TestbedConfig.REPLICA_HTTP_PORT, NetnsControlLoop.pod(i));
        }
        return podByEndpoint;
    }

    /**
     * Installs kube-proxy's equal shares of every replica on {@code dataPlane} and starts {@code edgeplane
     * lb apply} in the client namespace, which writes the client node's weights in front of them. Blocks
     * until the applier prints its start line. On SIGTERM the applier removes its chains again.
     */
    static TestbedProcess startApplier(NetnsControlLoop loop, ServiceDataPlane dataPlane, String name,
            Consumer<String> progress) {
        Testbed testbed = loop.testbed();
        int replicas = loop.settings().replicas();
        List<WeightedEndpoint> equal = new ArrayList<>();
        podByEndpoint(loop).forEach((endpoint, pod) -> {
            String address = endpoint.substring(0, endpoint.lastIndexOf(':'));
            equal.add(new WeightedEndpoint(pod, address, TestbedConfig.REPLICA_HTTP_PORT, 1.0 / replicas));
        });
        dataPlane.installKubeProxyRules(equal);
        TestbedProcess applier = testbed.startProcess(name, testbed.client(), EdgeplaneCommand.class.getName(),
                List.of("lb", "apply", "--bootstrap-server", loop.bootstrapServers(), "--registry", loop.registryUrl(),
                        "--node", loop.clientNode(), "--metrics-port", "0"), APPLIER_JVM, "Node applier running");
        progress.accept("Started edgeplane lb apply in " + testbed.client().name() + " for node " + loop.clientNode()
                + " in front of kube-proxy's equal shares at " + dataPlane.address() + ":" + dataPlane.port());
        return applier;
    }

    /** Returns the kernel shares by pod once the applier's chain gives every replica a share other than kube-proxy's. */
    static Optional<Map<String, Double>> applied(ServiceDataPlane dataPlane, Map<String, String> podByEndpoint,
            int replicas) {
        Map<String, Double> shares = byPod(dataPlane.kernelShares(), podByEndpoint);
        boolean equalShares = shares.values().stream().allMatch(share -> Math.abs(share - 1.0 / replicas) < 1e-6);
        return shares.size() == replicas && !equalShares ? Optional.of(shares) : Optional.empty();
    }

    static Map<String, Double> byPod(Map<String, Double> byEndpoint, Map<String, String> podByEndpoint) {
        Map<String, Double> shares = new LinkedHashMap<>();
        byEndpoint.forEach((endpoint, share) -> shares.put(podByEndpoint.getOrDefault(endpoint, endpoint), share));
        return shares;
    }
}
