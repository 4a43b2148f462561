package dev.edgeplane.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Injects faults into live simulated telemetry and times each until its DegradedNode decision.
 *
 * <p>Every node sends NodeMetrics and a probe burst every {@value #TICK_MS} ms with event time and
 * receive time set to the wall clock. A fault turns one healthy node's CPU ratio to 0.95; its
 * latency runs from the send time of the first bad sample to the moment the decision for the
 * node's critical pod is read from the decisions topic (read_committed). The node then heals and
 * rests for {@value #REST_WINDOWS} windows before it can fail again. Runs on the caller's thread.
 *
 * <p>Each latency splits in two at the end of the window the decision rests on (its decided time):
 * the time until that window ends, which depends on where in a window the fault began, and the
 * time from the window end to the read, which contains the grace, the wait for a record that moves
 * stream time past it, and the pipeline with its exactly-once commits.
 */
public final class DetectionLatencyRun {

    /**
     * One detected fault, in milliseconds.
     *
     * @param latencyMs from the send of the first bad sample to the read of the decision
     * @param untilWindowEndMs from the send of the first bad sample to the end of the decided window
     */
    public record Detection(long latencyMs, long untilWindowEndMs) {

        /** Returns the time from the end of the decided window to the read of the decision. */
        public long afterWindowEndMs() {
            return latencyMs - untilWindowEndMs;
        }
    }

    static final long TICK_MS = 100;
    static final int REST_WINDOWS = 4;

    private final String bootstrapServers;
    private final SchemaRegistryClient client;
    private final AnomalyWorkload workload;
    private final int nodes;
    private final long windowMs;

    public DetectionLatencyRun(String bootstrapServers, SchemaRegistryClient client, AnomalyWorkload workload, int nodes,
            long windowMs) {
        this.bootstrapServers = bootstrapServers;
        this.client = client;
        this.workload = workload;
        this.nodes = nodes;
        this.windowMs = windowMs;
    }

    /**
     * Runs until {@code faults} detections are measured or {@code timeout} passes, and returns them
     * in the order measured.
     */
    public List<Detection> run(KafkaProducer<String, SpecificRecord> producer, int faults, Duration timeout) {
        long[] faultStart = new long[nodes];
        long[] restUntil = new long[nodes];
        List<Detection> latencies = new ArrayList<>();
        Random random = new Random(42);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long nextFault = System.currentTimeMillis() + 3 * windowMs;

        try (KafkaConsumer<String, RescheduleDecision> decisions = decisionConsumer()) {
            while (latencies.size() < faults && System.currentTimeMillis() < deadline) {
                long now = System.currentTimeMillis();
                if (now >= nextFault) {
                    maybeStartFault(random, faultStart, restUntil, now);
                    nextFault = now + windowMs / 2 + random.nextInt((int) windowMs);
                }
                for (int i = 0; i < nodes; i++) {
                    double cpu = faultStart[i] > 0 ? 0.95 : 0.3;
                    producer.send(record(TopicCatalog.NODE_METRICS.name(), workload.node(i), workload.metrics(i, now, cpu)));
                    producer.send(record(TopicCatalog.LINK_LATENCY.name(), workload.node(i), workload.probe(i, nodes, now)));
                }
                producer.flush();

                for (ConsumerRecord<String, RescheduleDecision> record : decisions.poll(Duration.ofMillis(TICK_MS))) {
                    long read = System.currentTimeMillis();
                    RescheduleDecision decision = record.value();
                    int index = indexOf(decision);
                    if (decision.getStrategy() == RescheduleStrategy.DEGRADED_NODE && index >= 0 && faultStart[index] > 0) {
                        long windowEnd = decision.getDecidedTime().toEpochMilli();
                        latencies.add(new Detection(read - faultStart[index], windowEnd - faultStart[index]));
                        faultStart[index] = 0;
                        restUntil[index] = read + REST_WINDOWS * windowMs;
                    }
                }
            }
        }
        return latencies;
    }

    private void maybeStartFault(Random random, long[] faultStart, long[] restUntil, long now) {
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            if (faultStart[i] == 0 && restUntil[i] <= now) {
                ready.add(i);
            }
        }
        // Keep most nodes healthy, so that a DegradedNode decision has a target.
        int active = nodes - ready.size();
        if (!ready.isEmpty() && active < nodes / 4) {
            faultStart[ready.get(random.nextInt(ready.size()))] = now;
        }
    }

    private int indexOf(RescheduleDecision decision) {
        for (int i = 0; i < nodes; i++) {
            if (workload.podUid(i).equals(decision.getPodUid())) {
                return i;
            }
        }
        return -1;
    }

    private KafkaConsumer<String, RescheduleDecision> decisionConsumer() {
        return EndConsumers.atEnd(bootstrapServers, client, TopicCatalog.RESCHEDULE_DECISIONS.name(), RescheduleDecision.class);
    }

    private static ProducerRecord<String, SpecificRecord> record(String topic, String key, SpecificRecord value) {
        return new ProducerRecord<>(topic, key, value);
    }

    /** Returns the {@code quantile} (0 to 1) of {@code values} by the nearest-rank method. */
    public static long quantile(List<Long> values, double quantile) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

}
