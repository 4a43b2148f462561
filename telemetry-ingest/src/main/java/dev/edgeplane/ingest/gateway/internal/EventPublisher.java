package dev.edgeplane.ingest.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.deadletter.RejectedRecord;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Serializes accepted events with the Avro serializers and sends them to their telemetry topic,
 * with the event id in the {@value #EVENT_ID_HEADER} header and the receive time as the record
 * timestamp. Confirms or releases the id in {@link RecentEventIds} from the producer callback, so
 * that a concurrent resend learns the outcome at once. Writes dead letters for events that failed
 * after acceptance. Thread-safe; does not own the producer.
 */
public final class EventPublisher {

    /** Record header with the event id, as UTF-8. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String EVENT_ID_HEADER = "edgeplane.event-id";

    /**
     * Header with the event's source as {@code KIND/id}; event ids are unique per source, so dedup
     * after a restart needs both.
     */
    public static final String SOURCE_HEADER = "edgeplane.source";

    /** Record header with the event time the sender gave, in epoch milliseconds as decimal text, when it was clamped. */
    public static final String ORIGINAL_EVENT_TIME_HEADER = "edgeplane.event-time.original";

    /** Outcome kinds of an accepted event's send. */
    public enum Result {
        /** Kafka acknowledged the record. */
        PRODUCED,
        /** The serializer failed; nothing was sent. */
        SERIALIZATION_FAILED,
        /** Kafka rejected the record with an error that a retry does not fix. */
        REJECTED,
        /** Kafka did not acknowledge the record in time or reported a retriable error. */
        UNAVAILABLE
    }

    /**
     * Outcome of one send.
     *
     * @param result how it ended
     * @param error the failure, or null when produced
     */
    public record Outcome(Result result, Exception error) {
    }

    private static final Outcome PRODUCED = new Outcome(Result.PRODUCED, null);

    private final Producer<byte[], byte[]> producer;
    private final Map<EventType, SpecificAvroSerializer<SpecificRecord>> serializers = new EnumMap<>(EventType.class);
    private final SpecificAvroSerializer<DeadLetter> deadLetterSerializer;
    private final RecentEventIds ids;
    private final GatewayMetrics metrics;
    private final String applicationId;
    private final Clock clock;

    public EventPublisher(Producer<byte[], byte[]> producer, Map<String, ?> serdeSettings, RecentEventIds ids,
            GatewayMetrics metrics, String applicationId, Clock clock) {
        this.producer = producer;
        for (EventType type : EventType.values()) {
            SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
            serializer.configure(serdeSettings, false);
            serializers.put(type, serializer);
        }
        this.deadLetterSerializer = new SpecificAvroSerializer<>();
        deadLetterSerializer.configure(serdeSettings, false);
        this.ids = ids;
        this.metrics = metrics;
        this.applicationId = applicationId;
        this.clock = clock;
    }

    /**
     * Sends an accepted event whose id the caller reserved, and records its outcome in slot
     * {@code slot} of {@code sends}: on the producer's I/O thread once Kafka acknowledged or failed it, or at once
     * when serializing failed. Blocks only while the producer's buffer is full, at most its
     * {@code max.block.ms}.
     *
     * @param originalEventTimeMs the event time before clamping, or null
     */
    public void send(Candidate event, String source, long receiveTimeMs, Long originalEventTimeMs, PendingSends sends,
            int slot) {
        String key = RecentEventIds.key(source, event.id());
        String topic = event.type().topic().name();
        byte[] value;
        try {
            value = serializers.get(event.type()).serialize(topic, event.record());
        } catch (RuntimeException e) {
            ids.release(key);
            sends.complete(slot, new Outcome(Result.SERIALIZATION_FAILED, e));
            return;
        }

        Headers headers = new RecordHeaders();
        headers.add(EVENT_ID_HEADER, event.id().getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        if (originalEventTimeMs != null) {
            headers.add(ORIGINAL_EVENT_TIME_HEADER, Long.toString(originalEventTimeMs).getBytes(StandardCharsets.UTF_8));
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, receiveTimeMs,
                event.type().keyOf(event.record()).getBytes(StandardCharsets.UTF_8), value, headers);
        long startNanos = System.nanoTime();
        try {
            producer.send(record, (metadata, error) -> complete(key, sends, slot, error, startNanos));
        } catch (RuntimeException e) {
            complete(key, sends, slot, e, startNanos);
        }
    }

    /** Gives up the reserved id of an event that will not be sent, and records an UNAVAILABLE outcome. */
    public void skip(Candidate event, String source, String reason, PendingSends sends, int slot) {
        ids.release(RecentEventIds.key(source, event.id()));
        sends.complete(slot, new Outcome(Result.UNAVAILABLE,
                new org.apache.kafka.common.errors.TimeoutException("Not sent: " + reason)));
    }

    private void complete(String key, PendingSends sends, int slot, Exception error, long startNanos) {
        if (error == null) {
            metrics.produceLatency(System.nanoTime() - startNanos);
            ids.confirm(key, clock.millis());
            sends.complete(slot, PRODUCED);
            return;
        }
        ids.release(key);
        Result result = error instanceof RetriableException || error instanceof org.apache.kafka.common.errors.InterruptException
                ? Result.UNAVAILABLE : Result.REJECTED;
        sends.complete(slot, new Outcome(result, error));
    }

    /**
     * Sends a dead letter for an event that failed after acceptance: the value is the event as Avro
     * JSON text, because its Avro bytes may not exist. Does not block.
     *
     * @return the send's future, done when Kafka acknowledged the dead letter or failed
     */
    public Future<RecordMetadata> deadLetter(Candidate event, long receiveTimeMs, FailedStage stage, Exception error) {
        String topic = event.type().topic().name();
        Headers headers = new RecordHeaders();
        headers.add(EVENT_ID_HEADER, event.id().getBytes(StandardCharsets.UTF_8));
        RejectedRecord rejected = new RejectedRecord(topic, -1, -1, receiveTimeMs,
                event.type().keyOf(event.record()).getBytes(StandardCharsets.UTF_8),
                event.record().toString().getBytes(StandardCharsets.UTF_8), headers);
        DeadLetter letter = DeadLetters.create(rejected, stage, applicationId, error, clock.instant());
        byte[] bytes = deadLetterSerializer.serialize(DeadLetters.TOPIC, letter);
        return producer.send(DeadLetters.toProducerRecord(DeadLetters.TOPIC, letter, bytes));
    }

    /**
     * Sends a dead letter for a batch item that failed the checks: the value is a JSON object with
     * the source, the item's index, id, field and value as the answer lists them, and the reason.
     * The item's own bytes are not kept, since the streaming reader does not hold them. Does not block.
     *
     * @param origin   the request the item came in, such as {@code HTTP POST /v1/telemetry}; the dead
     *                 letter's source topic
     * @param done     called on the producer's I/O thread with null once Kafka acknowledged the dead
     *                 letter, or with the error
     */
    public void deadLetter(String origin, TelemetrySource source, Rejection rejection, long receiveTimeMs,
            Consumer<Exception> done) {
        Headers headers = new RecordHeaders();
        if (rejection.id() != null) {
            headers.add(EVENT_ID_HEADER, rejection.id().getBytes(StandardCharsets.UTF_8));
        }
        String sourceText = RecentEventIds.sourceText(source);
        headers.add(SOURCE_HEADER, sourceText.getBytes(StandardCharsets.UTF_8));
        ObjectNode item = JSON.createObjectNode();
        item.put("source", sourceText);
        item.put("index", rejection.index());
        item.put("id", rejection.id());
        item.put("field", rejection.field());
        item.put("value", rejection.value());
        item.put("code", rejection.code().code());
        item.put("reason", rejection.reason());
        RejectedRecord rejected = new RejectedRecord(origin, -1, -1, receiveTimeMs,
                sourceText.getBytes(StandardCharsets.UTF_8), item.toString().getBytes(StandardCharsets.UTF_8), headers);
        DeadLetter letter = DeadLetters.create(rejected, FailedStage.VALIDATION, applicationId,
                new RejectedItemException(rejection), clock.instant());
        byte[] bytes = deadLetterSerializer.serialize(DeadLetters.TOPIC, letter);
        producer.send(DeadLetters.toProducerRecord(DeadLetters.TOPIC, letter, bytes), (metadata, error) -> done.accept(error));
    }

    /** Maximum number of body bytes kept in the dead letter of an invalid request body. */
    public static final int MAX_DEAD_LETTER_BODY_BYTES = 64 * 1024;

    /**
     * Sends a dead letter for a request body that is not a batch at all. The value is a JSON object
     * with the sender's address, the body's size, its first {@value #MAX_DEAD_LETTER_BODY_BYTES}
     * bytes (as text for JSON, Base64 for remote write) and the reason. Does not block.
     *
     * @param origin   the request, such as {@code HTTP POST /v1/telemetry}; the dead letter's source topic
     * @param sender   the sender's address, the dead letter's key, since the body names no source
     * @param textBody whether the body is text (JSON) rather than binary (remote write)
     * @param done     called on the producer's I/O thread with null once Kafka acknowledged the dead
     *                 letter, or with the error
     */
    public void deadLetter(String origin, String sender, byte[] body, boolean textBody, BatchFormatException error,
            long receiveTimeMs, Consumer<Exception> done) {
        int keptBytes = Math.min(body.length, MAX_DEAD_LETTER_BODY_BYTES);
        ObjectNode request = JSON.createObjectNode();
        request.put("sender", sender);
        request.put("bodyBytes", body.length);
        request.put("bodyTruncated", keptBytes < body.length);
        if (textBody) {
            request.put("body", new String(body, 0, keptBytes, StandardCharsets.UTF_8));
        } else {
            request.put("bodyBase64", Base64.getEncoder().encodeToString(Arrays.copyOf(body, keptBytes)));
        }
        request.put("code", "invalid-batch");
        request.put("reason", error.getMessage());
        RejectedRecord rejected = new RejectedRecord(origin, -1, -1, receiveTimeMs, sender.getBytes(StandardCharsets.UTF_8),
                request.toString().getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        DeadLetter letter = DeadLetters.create(rejected, FailedStage.VALIDATION, applicationId, error, clock.instant());
        byte[] bytes = deadLetterSerializer.serialize(DeadLetters.TOPIC, letter);
        producer.send(DeadLetters.toProducerRecord(DeadLetters.TOPIC, letter, bytes),
                (metadata, sendError) -> done.accept(sendError));
    }

    /** Closes the serializers; the producer stays open, as its owner closes it. */
    public void close() {
        serializers.values().forEach(SpecificAvroSerializer::close);
        deadLetterSerializer.close();
    }
}
