package dev.edgeplane.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.testbed.internal.process.LoadMain;
import dev.edgeplane.testbed.internal.process.ProbeMain;
import dev.edgeplane.testbed.internal.process.ReplicaMain;

/**
 * The processes that run in a testbed's namespaces: replica servers, round-trip probes and the
 * request client. Each call blocks until its process is ready or, for probes and clients, done.
 */
public final class Workloads {

    private Workloads() {
    }

    /**
     * Starts a replica in {@code node}: HTTP on {@link TestbedConfig#REPLICA_HTTP_PORT}, responding
     * with {@code name} after {@code serviceMicros}, and the UDP and TCP echoes. The testbed stops
     * it on close.
     */
    public static TestbedProcess startReplica(Testbed testbed, TestbedNamespace node, String name, long serviceMicros) {
        return testbed.startProcess("replica-" + name, node, ReplicaMain.class.getName(), List.of(name,
                Integer.toString(TestbedConfig.REPLICA_HTTP_PORT), Integer.toString(TestbedConfig.UDP_ECHO_PORT),
                Integer.toString(TestbedConfig.TCP_ECHO_PORT), Long.toString(serviceMicros),
                serviceFile(testbed, name).toString()));
    }

    /**
     * Changes the service time of the running replica {@code name} to {@code serviceMicros}. The
     * replica reads it within a tenth of a second; this call returns once the value is written.
     *
     * @throws TestbedException if the value cannot be written
     */
    public static void setServiceTime(Testbed testbed, String name, long serviceMicros) {
        Path file = serviceFile(testbed, name);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            // Written beside it and moved, so the replica never reads half a number.
            Files.writeString(next, Long.toString(serviceMicros), StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TestbedException("Cannot set the service time of replica " + name + " in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static Path serviceFile(Testbed testbed, String name) {
        return testbed.folder().resolve("replica-" + name + ".service-us");
    }

    /**
     * Measures {@code count} UDP echo round trips, TCP connects and TCP echo round trips from
     * {@code from} to the replica in {@code to}, each probe waiting at most {@code timeoutMs}.
     *
     * @throws TestbedException if the probe process fails or prints no samples
     */
    public static RoundTrips probe(Testbed testbed, TestbedNamespace from, TestbedNamespace to, int count,
            int timeoutMs) {
        TestbedProcess probe = testbed.startProcess("probe-" + from.name() + "-" + to.name() + "-" + System.nanoTime(),
                from, ProbeMain.class.getName(), List.of(to.address(), Integer.toString(TestbedConfig.UDP_ECHO_PORT),
                        Integer.toString(TestbedConfig.TCP_ECHO_PORT), Integer.toString(count),
                        Integer.toString(timeoutMs)));
        int status = probe.awaitExit(60_000L + 3L * count * timeoutMs);
        Map<String, List<Long>> samples = new HashMap<>();
        for (String line : probe.output().split("\n")) {
            String[] words = line.strip().split(" ");
            if (words.length > 1 && words[0].endsWith("-us")) {
                samples.put(words[0], Arrays.stream(words).skip(1).map(Long::valueOf).toList());
            }
        }
        if (status != 0 || samples.size() != 3) {
            throw new TestbedException("The probe from " + from.name() + " to " + to.name() + " exited with status "
                    + status + " without its samples; its output: " + probe.output());
        }
        return new RoundTrips(samples.get(ProbeMain.UDP_ECHO), samples.get(ProbeMain.TCP_CONNECT),
                samples.get(ProbeMain.TCP_ECHO));
    }

    /**
     * Sends {@code requests} HTTP requests from {@code from} to {@code address}:{@code port}, each
     * on a new connection, {@code concurrency} at a time, and returns what the client measured.
     *
     * @throws TestbedException if the client process fails or prints no result
     */
    public static LoadResult sendRequests(Testbed testbed, TestbedNamespace from, String address, int port,
            int requests, int concurrency) {
        TestbedProcess client = testbed.startProcess("load-" + System.nanoTime(), from, LoadMain.class.getName(),
                List.of(address, Integer.toString(port), Integer.toString(requests), Integer.toString(concurrency),
                        "5000"));
        int status = client.awaitExit(300_000L);
        Map<String, Long> byEndpoint = new HashMap<>();
        long errors = -1;
        long[] latency = null;
        long elapsedMs = -1;
        List<LoadResult.Pick> picks = new ArrayList<>();
        for (String line : client.output().split("\n")) {
            String[] words = line.strip().split(" ");
            switch (words[0]) {
                case "pick" -> picks.add(new LoadResult.Pick(Long.parseLong(words[1]), words[2]));
                case "endpoint" -> byEndpoint.put(words[1], Long.parseLong(words[2]));
                case "errors" -> errors = Long.parseLong(words[1]);
                case "latency-us" -> latency = Arrays.stream(words).skip(1).mapToLong(Long::parseLong).toArray();
                case "elapsed-ms" -> elapsedMs = Long.parseLong(words[1]);
                default -> {
                    // Log lines of the client's JVM, if any.
                }
            }
        }
        if (status != 0 || errors < 0 || latency == null || latency.length != 5) {
            throw new TestbedException("The request client in " + from.name() + " exited with status " + status
                    + " without its result; its output: " + client.output());
        }
        return new LoadResult(byEndpoint, errors, latency[0], latency[1], latency[2], latency[3], latency[4], elapsedMs,
                picks);
    }
}
