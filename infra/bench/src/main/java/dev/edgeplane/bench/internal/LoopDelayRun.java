package dev.edgeplane.bench.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Times the load-balancing loop from the end of a replica window to the weights record that acts
 * on it: replica telemetry through the anomaly application's replica windows, the replica score
 * through the updater's planner, and the weights record read back from {@code edgeplane.lb.weights}.
 *
 * <p>Every replica reports one ReplicaMetrics event every {@code reportMs}, with event time and
 * receive time set to the wall clock, 200 requests per second and a p95 of 20 ms. A fault starts
 * exactly at a window boundary and makes one replica fail every request, so the first window with
 * failures fails throughout and its score alone ejects the replica. The delay runs from that
 * window's end to the moment the first weights record that gives the replica weight 0 is read.
 * The replica then heals, and the next fault, on the next replica, waits until the healed one has
 * weight again. Runs on the caller's thread.
 */
public final class LoopDelayRun {

    static final String NAMESPACE = "loop";
    static final String SERVICE = "camera";
    static final String CLIENT_NODE = "client-1";
    private static final double REQUESTS_PER_SECOND = 200.0;
    private static final long PROBE_INTERVAL_MS = 1_000;
    private static final long REST_MS = 1_000;

    private final String bootstrapServers;
    private final SchemaRegistryClient client;
    private final int replicas;
    private final long windowMs;
    private final long reportMs;

    public LoopDelayRun(String bootstrapServers, SchemaRegistryClient client, int replicas, long windowMs, long reportMs) {
        this.bootstrapServers = bootstrapServers;
        this.client = client;
        this.replicas = replicas;
        this.windowMs = windowMs;
        this.reportMs = reportMs;
    }

    /** Returns the pod name of replica {@code index}. */
    public static String pod(int index) {
        return SERVICE + "-" + index;
    }

    /** Returns the node of replica {@code index}: one node per replica. */
    public static String node(int index) {
        return "edge-" + index;
    }

    /**
     * Runs until {@code faults} delays are measured or {@code timeout} passes, and returns the
     * delays in milliseconds in the order measured.
     */
    public List<Long> run(KafkaProducer<String, SpecificRecord> producer, int faults, Duration timeout) {
        List<Long> delays = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long nextReport = System.currentTimeMillis();
        long nextProbe = nextReport;
        // The first fault waits until the service has been planned for a few windows.
        long faultStart = nextBoundary(System.currentTimeMillis() + 3_000);
        int failing = -1;
        int healing = -1;
        int nextFaulty = 0;

        try (KafkaConsumer<String, ServiceWeights> weights = weightsConsumer()) {
            while (delays.size() < faults && System.currentTimeMillis() < deadline) {
                long now = System.currentTimeMillis();
                if (failing < 0 && healing < 0 && now >= faultStart) {
                    failing = nextFaulty;
                    nextFaulty = (nextFaulty + 1) % replicas;
                }
                if (now >= nextReport) {
                    report(producer, now, failing, faultStart);
                    nextReport += reportMs;
                }
                if (now >= nextProbe) {
                    probe(producer, now);
                    nextProbe += PROBE_INTERVAL_MS;
                }

                for (ConsumerRecord<String, ServiceWeights> record : weights.poll(Duration.ofMillis(5))) {
                    long read = System.currentTimeMillis();
                    ServiceWeights set = record.value();
                    if (set == null || !NAMESPACE.equals(set.getNamespace()) || !SERVICE.equals(set.getService())) {
                        continue;
                    }
                    if (failing >= 0 && weightOf(set, pod(failing)) == 0.0) {
                        delays.add(read - (faultStart + windowMs));
                        healing = failing;
                        failing = -1;
                    } else if (healing >= 0 && weightOf(set, pod(healing)) > 0.0) {
                        healing = -1;
                        faultStart = nextBoundary(read + REST_MS);
                    }
                }
            }
        }
        return delays;
    }

    private long nextBoundary(long timeMs) {
        return (Math.floorDiv(timeMs, windowMs) + 1) * windowMs;
    }

    private void report(KafkaProducer<String, SpecificRecord> producer, long now, int failing, long faultStart) {
        for (int i = 0; i < replicas; i++) {
            boolean fails = i == failing && now >= faultStart;
            ReplicaMetrics metrics = ReplicaMetrics.newBuilder()
                    .setNamespace(NAMESPACE)
                    .setPod(pod(i))
                    .setFogService(SERVICE)
                    .setNode(node(i))
                    .setEventTime(Instant.ofEpochMilli(now))
                    .setReceiveTime(Instant.ofEpochMilli(now))
                    .setSource(new TelemetrySource(SourceKind.SIMULATOR, "loop-agent-" + i))
                    .setIntervalMs(reportMs)
                    .setLatencyP50Ms(12.0)
                    .setLatencyP95Ms(20.0)
                    .setLatencyP99Ms(30.0)
                    .setRequestRate(REQUESTS_PER_SECOND)
                    .setErrorRate(fails ? REQUESTS_PER_SECOND : 0.0)
                    .setInFlight(2)
                    .setServiceMetrics(Map.of())
                    .build();
            producer.send(new ProducerRecord<>(TopicCatalog.REPLICA_METRICS.name(), NAMESPACE + "/" + pod(i), metrics));
        }
    }

    private void probe(KafkaProducer<String, SpecificRecord> producer, long now) {
        for (int i = 0; i < replicas; i++) {
            LinkLatency probe = LinkLatency.newBuilder()
                    .setSourceNode(CLIENT_NODE).setTargetNode(node(i))
                    .setProbeKind(ProbeKind.NODE_TO_NODE).setProtocol(ProbeProtocol.ICMP)
                    .setEventTime(Instant.ofEpochMilli(now)).setReceiveTime(Instant.ofEpochMilli(now))
                    .setSource(new TelemetrySource(SourceKind.SIMULATOR, "loop-prober"))
                    .setProbeCount(5).setRttMicros(2_000.0).setJitterMicros(100.0).setLossRatio(0.0)
                    .build();
            producer.send(new ProducerRecord<>(TopicCatalog.LINK_LATENCY.name(), CLIENT_NODE, probe));
        }
    }

    /** Returns a replica's weight in a set, or NaN when the set does not list it. */
    private static double weightOf(ServiceWeights set, String pod) {
        for (EndpointWeight endpoint : set.getEndpoints()) {
            if (endpoint.getPod().equals(pod)) {
                return endpoint.getWeight();
            }
        }
        return Double.NaN;
    }

    private KafkaConsumer<String, ServiceWeights> weightsConsumer() {
        return EndConsumers.atEnd(bootstrapServers, client, TopicCatalog.LB_WEIGHTS.name(), ServiceWeights.class);
    }
}
