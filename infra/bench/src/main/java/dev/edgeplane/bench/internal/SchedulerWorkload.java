package dev.edgeplane.bench.internal;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.scheduler.api.v1alpha1.NodeMetadataKeys;
import dev.edgeplane.schemas.AvroTrust;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded city for the scheduler benchmark. Nodes spread evenly over the locations, every fourth
 * node with the real-time capability, 1% of them DEGRADED. Each node probes five nodes of its
 * location and two elsewhere. Pods belong to 1,000 FogServices with one location each. 10% of the
 * pods are real-time (0.5 ms per 10 ms) and 10% critical. 20% depend on another FogService of the
 * same location within 5 ms. CPU and memory requests vary by a factor of four.
 */
public final class SchedulerWorkload {

    public static final int FOGSERVICES = 1_000;

    static {
        // The generated builders fill defaults through Avro, which loads only trusted classes.
        AvroTrust.ensureTrusted();
    }

    private final int nodes;
    private final int locations;
    private final long seed;

    public SchedulerWorkload(int nodes, int locations, long seed) {
        this.nodes = nodes;
        this.locations = locations;
        this.seed = seed;
    }

    public static String nodeName(int i) {
        return "node-" + i;
    }

    public static String location(int i) {
        return "loc-" + i;
    }

    /** Returns the node labels and capacity; {@code i} also decides the location and real-time capability. */
    public Map<String, String> nodeLabels(int i) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", nodeName(i));
        labels.put(NodeMetadataKeys.LOCATION_LABEL, location(i % locations));
        labels.put(NodeMetadataKeys.TIER_LABEL, "edge");
        if ((i / locations) % 4 == 0) {
            labels.put(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX + NodeMetadataKeys.REALTIME_CAPABILITY, "true");
        }
        return labels;
    }

    /** Returns a Ready node with 16 CPUs, 64 GiB and 110 pod slots, as the informer would report it. */
    public Node node(int i) {
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"),
                "pods", new Quantity("110"));
        return new NodeBuilder()
                .withNewMetadata().withName(nodeName(i)).withLabels(nodeLabels(i)).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build();
    }

    public List<NodeHealth> health() {
        List<NodeHealth> states = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < nodes; i++) {
            NodeHealthState state = i % 100 == 7 ? NodeHealthState.DEGRADED : NodeHealthState.HEALTHY;
            states.add(NodeHealth.newBuilder().setNode(nodeName(i)).setState(state).setPreviousState(NodeHealthState.HEALTHY)
                    .setSince(now).setWindowStart(now.minusSeconds(10)).setWindowEnd(now).setWindowGraceMs(1_000)
                    .setConsecutiveBadWindows(0).setConsecutiveGoodWindows(3).setVantagePoints(2).build());
        }
        return states;
    }

    public List<LinkLatency> latencies() {
        Random random = new Random(seed);
        List<LinkLatency> probes = new ArrayList<>();
        Instant now = Instant.now();
        int perLocation = Math.max(1, nodes / locations);
        for (int i = 0; i < nodes; i++) {
            for (int k = 0; k < 5; k++) {
                int peer = (i % locations) + locations * random.nextInt(perLocation);
                if (peer != i && peer < nodes) {
                    probes.add(probe(i, peer, 300 + random.nextInt(3_000), now));
                }
            }
            for (int k = 0; k < 2; k++) {
                probes.add(probe(i, random.nextInt(nodes), 2_000 + random.nextInt(20_000), now));
            }
        }
        return probes;
    }

    private static LinkLatency probe(int source, int target, double rttMicros, Instant now) {
        return LinkLatency.newBuilder().setSourceNode(nodeName(source)).setTargetNode(nodeName(target))
                .setProbeKind(ProbeKind.NODE_TO_NODE).setProtocol(ProbeProtocol.ICMP).setEventTime(now).setReceiveTime(now)
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.SIMULATOR).setId("bench").build())
                .setProbeCount(5).setRttMicros(rttMicros).setJitterMicros(20.0).setLossRatio(0.0).build();
    }

    /** Returns {@code count} pending pods in namespace {@code namespace}, the same for the same seed. */
    public List<Pod> pods(String namespace, int count) {
        Random random = new Random(seed + 1);
        List<Pod> pods = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            int fogService = random.nextInt(FOGSERVICES);
            pods.add(pod(namespace, j, fogService, random));
        }
        return pods;
    }

    private Pod pod(String namespace, int j, int fogService, Random random) {
        String location = location(fogService % locations);
        Map<String, String> annotations = new LinkedHashMap<>();
        int kind = random.nextInt(10);
        if (kind == 0) {
            annotations.put(PodMetadataKeys.REALTIME_POLICY, "FIFO");
            annotations.put(PodMetadataKeys.REALTIME_PRIORITY, "50");
            annotations.put(PodMetadataKeys.REALTIME_RUNTIME_MICROS, "500");
            annotations.put(PodMetadataKeys.REALTIME_PERIOD_MICROS, "10000");
        }
        if (kind == 1) {
            annotations.put(PodMetadataKeys.CRITICAL, "true");
        }
        if (random.nextInt(5) == 0) {
            int dependency = (fogService + locations) % FOGSERVICES;
            annotations.put(PodMetadataKeys.DEPENDENCIES, "svc-" + dependency + ":5000");
        }
        String cpu = (50 + random.nextInt(151)) + "m";
        String memory = (128 + random.nextInt(385)) + "Mi";
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName("pod-" + j).withUid(UUID.randomUUID().toString())
                .withCreationTimestamp(Instant.ofEpochSecond(1_800_000_000L + j).toString())
                .addToLabels(PodMetadataKeys.FOGSERVICE_LABEL, "svc-" + fogService)
                .addToLabels(PodMetadataKeys.LOCATION_LABEL, location)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withSchedulerName(PodMetadataKeys.SCHEDULER_NAME)
                .addToNodeSelector(PodMetadataKeys.LOCATION_LABEL, location)
                .addNewContainer().withName("main").withImage("registry.example/svc:1")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .endResources().endContainer()
                .endSpec()
                .build();
    }
}
