package dev.edgeplane.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import org.apache.avro.specific.SpecificRecord;

/**
 * Named fixture "two districts, one node degrading, one going silent": locations north and south
 * with three nodes each. In north, n-1 runs a critical and a plain pod and turns bad from window 2
 * on, n-2 has the lowest probe round-trip time and n-3 is healthy but slower. In south, s-1 runs a
 * plain pod and has a slow link, s-2 a fast one, and s-3 stops sending after window 3. s-1 also runs
 * a pod of FogService detector, which calls archive. The archive pod runs on n-2 in north, and n-2
 * probes s-1 and s-2 at 1 ms. Twelve windows of 10 s, then one sample of every node that still sends, past the
 * last window's grace. It yields DegradedNode for the critical pod in north and BetterNode for the
 * pods of n-1 and s-1, the detector pod's with the round-trip times to archive.
 */
final class ReplayScenario {

    static final long WINDOW = 10_000;
    static final int WINDOWS = 12;

    /** Inputs at the head of {@link #inputs}: the node inventory and the placements, before any telemetry. */
    static final int CLUSTER_INPUTS = 12;

    private ReplayScenario() {
    }

    static List<CityScenario.Input> inputs(long t0) {
        List<CityScenario.Input> inputs = new ArrayList<>();
        for (String node : List.of("n-1", "n-2", "n-3")) {
            inputs.add(new CityScenario.Input(TopicCatalog.NODES.name(), node, Events.node(node, "north", false),
                    t0 - 2_000));
        }
        for (String node : List.of("s-1", "s-2", "s-3")) {
            inputs.add(new CityScenario.Input(TopicCatalog.NODES.name(), node, Events.node(node, "south", false),
                    t0 - 2_000));
        }
        inputs.add(placement("uid-n1", "camera-n1", "n-1", "north", true, t0));
        inputs.add(placement("uid-n2", "camera-n2", "n-1", "north", false, t0));
        inputs.add(placement("uid-s1", "camera-s1", "s-1", "south", false, t0));
        inputs.add(new CityScenario.Input(TopicCatalog.FOGSERVICES.name(), "city/detector",
                Events.fogService("detector", Map.of("archive", 20_000L)), t0 - 2_000));
        inputs.add(new CityScenario.Input(TopicCatalog.PLACEMENTS.name(), "uid-a1",
                Events.pod("uid-a1", "archive-a1", "archive", "n-2", "north", false), t0 - 1_000));
        inputs.add(new CityScenario.Input(TopicCatalog.PLACEMENTS.name(), "uid-d1",
                Events.pod("uid-d1", "detector-d1", "detector", "s-1", "south", false), t0 - 1_000));

        for (int w = 0; w < WINDOWS; w++) {
            long start = t0 + w * WINDOW;
            for (int s = 0; s < 4; s++) {
                long at = start + 1_000 + s * 2_000L;
                add(inputs, Events.metrics("n-1", at, w >= 2 ? 0.95 : 0.3));
                add(inputs, Events.metrics("n-2", at, 0.3));
                add(inputs, Events.metrics("n-3", at, 0.4));
                add(inputs, Events.probe("n-2", "n-1", at, 30_000.0, 0.0));
                add(inputs, Events.probe("n-1", "n-2", at, 1_000.0, 0.0));
                add(inputs, Events.probe("n-1", "n-3", at, 6_000.0, 0.0));

                add(inputs, Events.metrics("s-1", at, 0.3));
                add(inputs, Events.metrics("s-2", at, 0.3));
                add(inputs, Events.probe("s-2", "s-1", at, 30_000.0, 0.0));
                add(inputs, Events.probe("s-1", "s-2", at, 1_000.0, 0.0));
                add(inputs, Events.probe("n-2", "s-1", at, 1_000.0, 0.0));
                add(inputs, Events.probe("n-2", "s-2", at, 1_000.0, 0.0));
                if (w < 4) {
                    add(inputs, Events.metrics("s-3", at, 0.4));
                    add(inputs, Events.probe("s-1", "s-3", at, 6_000.0, 0.0));
                }
            }
        }
        long mark = t0 + WINDOWS * WINDOW + 3_000;
        for (String node : List.of("n-1", "n-2", "n-3", "s-1", "s-2")) {
            add(inputs, Events.metrics(node, mark, 0.3));
        }
        return inputs;
    }

    private static CityScenario.Input placement(String uid, String pod, String node, String location, boolean critical,
            long t0) {
        return new CityScenario.Input(TopicCatalog.PLACEMENTS.name(), uid, Events.pod(uid, pod, node, location, critical),
                t0 - 1_000);
    }

    private static void add(List<CityScenario.Input> inputs, SpecificRecord value) {
        if (value instanceof NodeMetrics m) {
            inputs.add(new CityScenario.Input(TopicCatalog.NODE_METRICS.name(), m.getNode(), m,
                    m.getReceiveTime().toEpochMilli()));
        } else if (value instanceof LinkLatency l) {
            inputs.add(new CityScenario.Input(TopicCatalog.LINK_LATENCY.name(), l.getTargetNode(), l,
                    l.getReceiveTime().toEpochMilli()));
        }
    }
}
