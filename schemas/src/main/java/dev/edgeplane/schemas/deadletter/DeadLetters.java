package dev.edgeplane.schemas.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.deadletter.RecordHeader;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.WireFormatException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds {@link DeadLetter} events and the records that carry them to the dead-letter topic. The
 * record key is the source topic, and headers repeat the source topic, partition and offset as UTF-8
 * text, so that tools can filter without decoding the value. Stateless; nothing blocks.
 */
public final class DeadLetters {

    /** Default dead-letter topic. */
    public static final String TOPIC = TopicCatalog.DEAD_LETTER.name();

    /** Header with the source topic name. */
    public static final String SOURCE_TOPIC_HEADER = "edgeplane.source.topic";

    /** Header with the source partition as decimal text. */
    public static final String SOURCE_PARTITION_HEADER = "edgeplane.source.partition";

    /** Header with the source offset as decimal text. */
    public static final String SOURCE_OFFSET_HEADER = "edgeplane.source.offset";

    /** Header with the stage that rejected the record, a {@link FailedStage} name. */
    public static final String FAILED_STAGE_HEADER = "edgeplane.failed.stage";

    /** Header with the class name of the exception. */
    public static final String ERROR_CLASS_HEADER = "edgeplane.error.class";

    private static final int MAX_CAUSES = 5;

    private DeadLetters() {
    }

    /**
     * Describes a rejected record.
     *
     * @param application the Kafka Streams application id or consumer group id that rejected it
     */
    public static DeadLetter create(RejectedRecord rejected, FailedStage stage, String application, Throwable error,
            Instant failedTime) {
        return DeadLetter.newBuilder()
                .setSourceTopic(rejected.topic())
                .setSourcePartition(rejected.partition())
                .setSourceOffset(rejected.offset())
                .setSourceTimestamp(rejected.timestamp() == null ? null : Instant.ofEpochMilli(rejected.timestamp()))
                .setKey(wrap(rejected.key()))
                .setValue(wrap(rejected.value()))
                .setHeaders(headers(rejected.headers()))
                .setFailedStage(stage)
                .setApplication(application)
                .setErrorClass(error.getClass().getName())
                .setErrorMessage(messageWithCauses(error))
                .setFailedTime(failedTime)
                .build();
    }

    /** Wraps a serialized dead letter into a record for a dead-letter topic. */
    public static ProducerRecord<byte[], byte[]> toProducerRecord(String deadLetterTopic, DeadLetter letter,
            byte[] serializedLetter) {
        Headers headers = new RecordHeaders();
        headers.add(SOURCE_TOPIC_HEADER, utf8(letter.getSourceTopic()));
        headers.add(SOURCE_PARTITION_HEADER, utf8(Integer.toString(letter.getSourcePartition())));
        headers.add(SOURCE_OFFSET_HEADER, utf8(Long.toString(letter.getSourceOffset())));
        headers.add(FAILED_STAGE_HEADER, utf8(letter.getFailedStage().name()));
        headers.add(ERROR_CLASS_HEADER, utf8(letter.getErrorClass()));
        return new ProducerRecord<>(deadLetterTopic, null, utf8(letter.getSourceTopic()), serializedLetter, headers);
    }

    /** Returns the message of an exception followed by those of its first causes. */
    static String messageWithCauses(Throwable error) {
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable cause = error.getCause();
        if (error instanceof WireFormatException && cause instanceof WireFormatException) {
            // A positioned copy wraps the deserializer's exception, whose message only lacks the position.
            cause = cause.getCause();
        }
        for (int depth = 0; cause != null && cause != error && depth < MAX_CAUSES; depth++) {
            message.append(" Caused by ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
            cause = cause.getCause();
        }
        return message.toString();
    }

    private static List<RecordHeader> headers(Headers headers) {
        List<RecordHeader> copies = new ArrayList<>();
        for (Header header : headers) {
            copies.add(new RecordHeader(header.key(), wrap(header.value())));
        }
        return copies;
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes.clone());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
