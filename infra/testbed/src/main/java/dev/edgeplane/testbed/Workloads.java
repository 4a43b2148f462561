package dev.edgeplane.testbed;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
     * Starts a replica in {@code node}: HTTP on {@link TestbedConfig#REPLICA_HTTP_PORT}, answering
     * with {@code name} after {@code serviceMicros}, and the UDP and TCP echoes. The testbed stops
     * it on close.
     */
    public static TestbedProcess startReplica(Testbed testbed, TestbedNamespace node, String name, long serviceMicros) {
        return testbed.startProcess("replica-" + name, node, ReplicaMain.class.getName(), List.of(name,
                Integer.toString(TestbedConfig.REPLICA_HTTP_PORT), Integer.toString(TestbedConfig.UDP_ECHO_PORT),
                Integer.toString(TestbedConfig.TCP_ECHO_PORT), Long.toString(serviceMicros)));
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
}
