package dev.edgeplane.lb.observe;

import java.time.Clock;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.deadletter.RejectedRecord;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes consumed replica scores and link probes into {@link ObservedState}. A record that does
 * not decode, or decodes to invalid values, goes to the dead-letter topic with the error; none is
 * dropped without a trace. Not thread-safe: the updater's polling thread owns it.
 *
 * <p>Counts every record in {@code edgeplane.lb.records} tagged with {@code topic} and
 * {@code status} ({@code accepted}, {@code ignored}, {@code rejected}).
 */
public final class RecordIntake {

    private static final Logger log = LoggerFactory.getLogger(RecordIntake.class);
    private static final long WARN_INTERVAL_MS = 10_000;

    private final ObservedState state;
    private final Deserializer<ReplicaScore> scores;
    private final Deserializer<LinkLatency> probes;
    private final Producer<byte[], byte[]> deadLetterProducer;
    private final Serializer<DeadLetter> deadLetterSerializer;
    private final String application;
    private final MeterRegistry meters;
    private final Clock clock;
    private long lastWarnMs = Long.MIN_VALUE;

    /**
     * Creates the intake. The caller owns and closes the deserializers, serializer and producer.
     *
     * @param application consumer name written into each dead letter
     */
    public RecordIntake(ObservedState state, Deserializer<ReplicaScore> scores, Deserializer<LinkLatency> probes,
            Producer<byte[], byte[]> deadLetterProducer, Serializer<DeadLetter> deadLetterSerializer,
            String application, MeterRegistry meters, Clock clock) {
        this.state = state;
        this.scores = scores;
        this.probes = probes;
        this.deadLetterProducer = deadLetterProducer;
        this.deadLetterSerializer = deadLetterSerializer;
        this.application = application;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Decodes one record and keeps it, or sends it to the dead-letter topic. Blocks only while the
     * producer's buffer is full.
     */
    public void process(ConsumerRecord<byte[], byte[]> record) {
        Object decoded;
        try {
            decoded = decode(record);
        } catch (RuntimeException e) {
            reject(record, FailedStage.DESERIALIZATION, e);
            return;
        }
        if (decoded == null) {
            count(record.topic(), "ignored");
            return;
        }

        try {
            boolean kept = true;
            if (decoded instanceof ReplicaScore score) {
                state.accept(score);
            } else {
                kept = state.accept((LinkLatency) decoded);
            }
            count(record.topic(), kept ? "accepted" : "ignored");
        } catch (IllegalArgumentException e) {
            reject(record, FailedStage.VALIDATION, e);
        }
    }

    private Object decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            // A tombstone on the compacted scores topic deletes a pod's score; its score expires on its own.
            return null;
        }
        if (record.topic().equals(TopicCatalog.REPLICA_SCORES.name())) {
            return scores.deserialize(record.topic(), record.headers(), record.value());
        }
        if (record.topic().equals(TopicCatalog.LINK_LATENCY.name())) {
            return probes.deserialize(record.topic(), record.headers(), record.value());
        }
        throw new IllegalArgumentException("Unexpected topic " + record.topic() + ": the updater reads only "
                + TopicCatalog.REPLICA_SCORES.name() + " and " + TopicCatalog.LINK_LATENCY.name());
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, FailedStage stage, RuntimeException error) {
        count(record.topic(), "rejected");
        long nowMs = clock.millis();
        if (nowMs - lastWarnMs >= WARN_INTERVAL_MS || lastWarnMs == Long.MIN_VALUE) {
            lastWarnMs = nowMs;
            log.warn("Rejected the record at {}-{} offset {} ({}): {}; it goes to {}, and further rejections are"
                    + " logged at most every {} s", record.topic(), record.partition(), record.offset(), stage,
                    error.getMessage(), DeadLetters.TOPIC, WARN_INTERVAL_MS / 1000);
        }
        DeadLetter letter = DeadLetters.create(RejectedRecord.of(record), stage, application, error, clock.instant());
        byte[] serialized = deadLetterSerializer.serialize(DeadLetters.TOPIC, letter);
        deadLetterProducer.send(DeadLetters.toProducerRecord(DeadLetters.TOPIC, letter, serialized), (metadata, e) -> {
            if (e != null) {
                log.error("Failed to write the dead letter of {}-{} offset {} to {}: {}", record.topic(),
                        record.partition(), record.offset(), DeadLetters.TOPIC, e.getMessage());
                count(record.topic(), "dead-letter-failed");
            }
        });
    }

    private void count(String topic, String status) {
        meters.counter("edgeplane.lb.records", "topic", topic, "status", status).increment();
    }
}
