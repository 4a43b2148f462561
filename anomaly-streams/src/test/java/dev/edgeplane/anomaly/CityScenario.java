package dev.edgeplane.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.edgeplane.schemas.catalog.TopicCatalog;
import org.apache.avro.specific.SpecificRecord;

/**
 * Named fixture "north district, one node degrading": three nodes at location north; edge-1 runs a
 * critical and a plain camera pod and turns bad from window 2 on; edge-2 has the lowest probe round-trip time;
 * edge-3 is healthy but slower. Ten windows of 10 s, a node clock one hour ahead, and a stream-time
 * mark after the last window. It yields DegradedNode for the critical pod and BetterNode for both.
 */
final class CityScenario {

    /** One input record. */
    record Input(String topic, String key, SpecificRecord value, long timestamp) {
    }

    static final long WINDOW = 10_000;

    /** Inputs at the head of {@link #inputs}: the node inventory and the placements, before any telemetry. */
    static final int CLUSTER_INPUTS = 5;

    private CityScenario() {
    }

    static List<Input> inputs(long t0, int windows) {
        List<Input> inputs = new ArrayList<>();
        for (String node : List.of("edge-1", "edge-2", "edge-3")) {
            inputs.add(new Input(TopicCatalog.NODES.name(), node, Events.node(node, "north", false), t0 - 2_000));
        }
        inputs.add(placement("uid-1", "camera-1", true, t0));
        inputs.add(placement("uid-2", "camera-2", false, t0));

        for (int w = 0; w < windows; w++) {
            long start = t0 + w * WINDOW;
            for (int s = 0; s < 4; s++) {
                long at = start + 1_000 + s * 2_000L;
                add(inputs, Events.metrics("edge-1", at, w >= 2 ? 0.95 : 0.3));
                add(inputs, Events.metrics("edge-2", at, 0.3));
                add(inputs, Events.metrics("edge-3", at, 0.4));
                add(inputs, Events.probe("edge-2", "edge-1", at, 30_000.0, 0.0));
                add(inputs, Events.probe("edge-1", "edge-2", at, 1_000.0, 0.0));
                add(inputs, Events.probe("edge-1", "edge-3", at, 6_000.0, 0.0));
                add(inputs, Events.replica("camera-1", "edge-1", at, w >= 2 ? 300 : 40, 50, w >= 2 ? 10 : 0,
                        Map.of("detection_latency_ms", 60.0)));
            }
        }
        add(inputs, Events.metrics("edge-skew", t0 + 3_600_000, t0 + 2_000, 0.3, 0.5));
        long mark = t0 + windows * WINDOW + 3_000;
        add(inputs, Events.metrics("edge-1", mark, 0.3));
        add(inputs, Events.probe("edge-2", "edge-1", mark, 30_000.0, 0.0));
        add(inputs, Events.replica("camera-1", "edge-1", mark, 40, 50, 0, Map.of()));
        return inputs;
    }

    private static Input placement(String uid, String pod, boolean critical, long t0) {
        return new Input(TopicCatalog.PLACEMENTS.name(), uid, Events.pod(uid, pod, "edge-1", "north", critical), t0 - 1_000);
    }

    private static void add(List<Input> inputs, SpecificRecord value) {
        if (value instanceof dev.edgeplane.event.telemetry.NodeMetrics m) {
            inputs.add(new Input(TopicCatalog.NODE_METRICS.name(), m.getNode(), m, m.getReceiveTime().toEpochMilli()));
        } else if (value instanceof dev.edgeplane.event.telemetry.LinkLatency l) {
            inputs.add(new Input(TopicCatalog.LINK_LATENCY.name(), l.getTargetNode(), l, l.getReceiveTime().toEpochMilli()));
        } else if (value instanceof dev.edgeplane.event.telemetry.ReplicaMetrics r) {
            inputs.add(new Input(TopicCatalog.REPLICA_METRICS.name(), r.getNamespace() + "/" + r.getPod(), r,
                    r.getReceiveTime().toEpochMilli()));
        }
    }
}
