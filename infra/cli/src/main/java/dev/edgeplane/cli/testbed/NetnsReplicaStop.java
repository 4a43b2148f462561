package dev.edgeplane.cli.testbed;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.edgeplane.testbed.LoadResult;
import dev.edgeplane.testbed.ServiceDataPlane;
import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedProcess;
import dev.edgeplane.testbed.TestbedRun;
import dev.edgeplane.testbed.Workloads;

/**
 * A stopped replica process. With {@code edgeplane lb apply} writing the client node's weights, the
 * replica's process is stopped. Its node's agent then gets refused connections, so the replica's
 * scores carry only failed requests, and the lb-updater ejects it once
 * {@code lb.observation.min.samples} failed requests are pooled. The kernel's rules then leave it
 * out, and requests through the service address no longer fail. Blocks for the whole step; the
 * testbed stops the processes.
 */
final class NetnsReplicaStop {

    private NetnsReplicaStop() {
    }

    /**
     * Measurements of the stopped replica.
     *
     * @param pod the replica whose process was stopped
     * @param toZeroWeightMs time from the stop to a weight set giving the pod weight 0
     * @param toKernelMs time from the stop to kernel rules giving it no share
     * @param load requests sent through the service address afterwards
     */
    record Report(String pod, long toZeroWeightMs, long toKernelMs, LoadResult load) {
    }

    /**
     * Starts the applier, waits for its weights in the kernel, stops the process of replica
     * {@code replicaIndex}, waits for weight 0 on the topic and in the kernel, then sends
     * {@code requests} requests and stops the applier.
     *
     * @throws StepNotObservedException if a step is not observed within the step timeout
     * @throws dev.edgeplane.testbed.TestbedException if a process fails
     */
    static Report run(NetnsControlLoop loop, int replicaIndex, int requests, int concurrency, Consumer<String> progress) {
        Testbed testbed = loop.testbed();
        Map<String, String> podByEndpoint = NetnsWeightShift.podByEndpoint(loop);
        int replicas = loop.settings().replicas();
        String pod = NetnsControlLoop.pod(replicaIndex);
        try (ServiceDataPlane dataPlane = new ServiceDataPlane(testbed, testbed.client(), TestbedRun.SERVICE,
                testbed.serviceAddress(0), 80)) {
            TestbedProcess applier = NetnsWeightShift.startApplier(loop, dataPlane, "lb-apply-stop", progress);
            Map<String, Double> before = loop.await("the applier to write weights for every replica",
                    () -> NetnsWeightShift.applied(dataPlane, podByEndpoint, replicas));
            progress.accept("Kernel shares before the fault: " + before);

            long faultMs = System.currentTimeMillis();
            loop.replicas().get(replicaIndex).stop();
            progress.accept("Fault: replica process " + pod + " stopped");
            ObservedEvents.Weights zero = loop.await("weights giving " + pod + " weight 0",
                    () -> loop.events().weights().stream().filter(w -> w.timeMs() >= faultMs
                            && w.clientNode().equals(loop.clientNode()) && w.byPod().getOrDefault(pod, 1.0) == 0.0)
                            .findFirst());
            progress.accept("Ejected: weights " + zero.byPod() + " after " + (zero.timeMs() - faultMs) + " ms");
            long kernelMs = loop.await("kernel rules without " + pod, () -> {
                Map<String, Double> shares = NetnsWeightShift.byPod(dataPlane.kernelShares(), podByEndpoint);
                return shares.getOrDefault(pod, 0.0) == 0.0 ? Optional.of(System.currentTimeMillis()) : Optional.empty();
            });
            progress.accept("Kernel rules changed after " + (kernelMs - faultMs) + " ms");

            LoadResult load = Workloads.sendRequests(testbed, testbed.client(), dataPlane.address(), dataPlane.port(),
                    requests, concurrency);
            progress.accept("Requests after " + pod + " stopped: " + load);
            applier.stop();
            return new Report(pod, zero.timeMs() - faultMs, kernelMs - faultMs, load);
        }
    }
}
