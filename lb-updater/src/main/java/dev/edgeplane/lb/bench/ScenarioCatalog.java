package dev.edgeplane.lb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The four scenarios of the load-balancing evaluation. Every replica serves with a log-normal
 * service time (median 20 ms, sigma 0.4) on 8 workers, about 370 requests per second at most, and
 * the request rate keeps the service near 40% utilisation.
 */
public final class ScenarioCatalog {

    static final double MEDIAN_MS = 20;
    static final double SIGMA = 0.4;
    static final int WORKERS = 8;

    /** Folder, under the traces folder, of the 5G edge and cloud ping traces. */
    static final String PING_FOLDER = "5g-edge-cloud-ping";

    private ScenarioCatalog() {
    }

    /**
     * Builds the scenarios.
     *
     * @param traces folder that contains {@value #PING_FOLDER} (or that folder itself), or null to use
     *     constant round-trip times in the link-latency scenario
     * @param rateFactor multiplies every request rate; below 1 it makes runs cheaper for tests
     * @throws IllegalArgumentException if {@code traces} is given but lacks the ping files
     */
    public static List<Scenario> build(Path traces, double rateFactor) {
        List<Scenario> scenarios = new ArrayList<>();
        scenarios.add(slowReplica(rateFactor));
        scenarios.add(fastFailing(rateFactor));
        scenarios.add(linkLatency(traces, rateFactor));
        scenarios.add(recoveryRamp(rateFactor));
        return scenarios;
    }

    /** Builds the scenario where one of 11 replicas responds 2 s late for 30 s, then recovers. */
    static Scenario slowReplica(double rateFactor) {
        List<ReplicaSpec> replicas = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            replicas.add(ReplicaSpec.steady("web-" + i, "node-" + i, MEDIAN_MS, SIGMA, WORKERS));
        }
        Window slow = new Window(30_000, 60_000);
        replicas.set(0, replicas.get(0).withSlow(slow, 2_000));
        return new Scenario("slow", "one of 11 replicas responds 2 s late from 30 s to 60 s, then recovers",
                90_000, 1_600 * rateFactor, List.of("client-0", "client-1", "client-2"), replicas,
                new ConstantLinks(0.1, 1.0), 0, slow, "share of web-0 while slow");
    }

    /** Builds the scenario where one of 6 replicas fails every request within 1 ms for 60 s. */
    static Scenario fastFailing(double rateFactor) {
        List<ReplicaSpec> replicas = sixReplicas();
        Window failing = new Window(20_000, 80_000);
        replicas.set(0, replicas.get(0).withFailing(failing, 1.0));
        return new Scenario("failing", "one of 6 replicas fails every request within 1 ms from 20 s to 80 s",
                90_000, 900 * rateFactor, List.of("client-0", "client-1", "client-2"), replicas,
                new ConstantLinks(0.1, 1.0), 0, failing, "share of web-0 while failing");
    }

    /** Builds the scenario with replicas on the clients' nodes, other edge nodes, a MEC node and the cloud. */
    static Scenario linkLatency(Path traces, double rateFactor) {
        List<String> clients = List.of("edge-a", "edge-b", "edge-c");
        List<ReplicaSpec> replicas = List.of(
                ReplicaSpec.steady("web-cloud", "cloud", MEDIAN_MS, SIGMA, WORKERS),
                ReplicaSpec.steady("web-a1", "edge-a", MEDIAN_MS, SIGMA, WORKERS),
                ReplicaSpec.steady("web-a2", "edge-a", MEDIAN_MS, SIGMA, WORKERS),
                ReplicaSpec.steady("web-b1", "edge-b", MEDIAN_MS, SIGMA, WORKERS),
                ReplicaSpec.steady("web-c1", "edge-c", MEDIAN_MS, SIGMA, WORKERS),
                ReplicaSpec.steady("web-mec", "mec", MEDIAN_MS, SIGMA, WORKERS));
        ConstantLinks constant = new ConstantLinks(0.1, 8.0);
        for (String client : clients) {
            constant.with(client, "mec", 15.0).with(client, "cloud", 35.0);
        }
        LinkModel links = traces == null ? constant : traceLinks(traces, clients, constant);
        return new Scenario("links", "replicas on the client's node, other edge nodes, a MEC node and the cloud",
                90_000, 900 * rateFactor, clients, replicas, links, 0, new Window(0, 90_000),
                "share of web-cloud");
    }

    /** Builds the scenario where one of 6 replicas is down for 30 s and comes back 6 times slower, warming up over 20 s. */
    static Scenario recoveryRamp(double rateFactor) {
        List<ReplicaSpec> replicas = sixReplicas();
        replicas.set(0, replicas.get(0).withDown(new Window(0, 30_000), 6.0, 20_000));
        return new Scenario("recovery", "one of 6 replicas is ready again at 30 s but starts 6x slower, warming up "
                + "over 20 s", 90_000, 900 * rateFactor, List.of("client-0", "client-1", "client-2"), replicas,
                new ConstantLinks(0.1, 1.0), 0, new Window(30_000, 40_000), "share of web-0 in its first 10 s");
    }

    private static List<ReplicaSpec> sixReplicas() {
        List<ReplicaSpec> replicas = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replicas.add(ReplicaSpec.steady("web-" + i, "node-" + i, MEDIAN_MS, SIGMA, WORKERS));
        }
        return replicas;
    }

    /**
     * Replays real 5G ping traces on the links. Edge to edge follows cmWave (median about 14 ms),
     * edge to MEC follows O-RAN (median about 24 ms, spikes to 461 ms), and edge to cloud follows
     * O-RAN (median about 24 ms, p99 about 436 ms). The traces were measured from phones, not
     * between nodes, so they stand in for links of that kind and are used unscaled.
     */
    private static LinkModel traceLinks(Path traces, List<String> clients, LinkModel fallback) {
        Path folder = Files.isDirectory(traces.resolve(PING_FOLDER)) ? traces.resolve(PING_FOLDER) : traces;
        PingTrace edge = PingTrace.read(require(folder.resolve("mmWave_delay/ping-MEC-cmWave.txt")));
        PingTrace mec = PingTrace.read(require(folder.resolve("ORAN_MEC/ping-MEC-ORAN-upd.txt")));
        PingTrace cloud = PingTrace.read(require(folder.resolve("ORAN_MEC/ping-cloud-ORAN-upd.txt")));
        TraceLinks links = new TraceLinks(fallback, 0.1, 1_000);
        for (int c = 0; c < clients.size(); c++) {
            for (int other = 0; other < clients.size(); other++) {
                if (other != c) {
                    links.with(clients.get(c), clients.get(other), edge, 97 * (3 * c + other));
                }
            }
            links.with(clients.get(c), "mec", mec, 131 * c);
            links.with(clients.get(c), "cloud", cloud, 173 * c);
        }
        return links;
    }

    private static Path require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Missing ping trace " + file + ": pass the folder that contains "
                    + PING_FOLDER + " with --traces or EDGEPLANE_TRACES_DIR");
        }
        return file;
    }
}
