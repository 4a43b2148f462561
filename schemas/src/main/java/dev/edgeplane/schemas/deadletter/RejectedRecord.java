package dev.edgeplane.schemas.deadletter;

import java.nio.ByteBuffer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * A record that a stage rejected, as it was read, with its position.
 *
 * @param topic topic it was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its timestamp in milliseconds since the Unix epoch, or null when it has none
 * @param key its key bytes, or null
 * @param value its value bytes, or null
 * @param headers its headers
 */
public record RejectedRecord(String topic, int partition, long offset, Long timestamp, byte[] key, byte[] value,
        Headers headers) {

    /** Takes a record that a consumer or Kafka Streams read as bytes. */
    public static RejectedRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new RejectedRecord(record.topic(), record.partition(), record.offset(),
                timestampOrNull(record.timestampType(), record.timestamp()), record.key(), record.value(),
                record.headers());
    }

    /**
     * Takes the record behind the exception that {@code KafkaConsumer.poll} raises when its
     * deserializer fails; the consumer must seek past {@link #offset()} to go on.
     */
    public static RejectedRecord of(RecordDeserializationException e) {
        Headers headers = e.headers() == null ? new RecordHeaders() : e.headers();
        return new RejectedRecord(e.topicPartition().topic(), e.topicPartition().partition(), e.offset(),
                timestampOrNull(e.timestampType(), e.timestamp()), bytes(e.keyBuffer()), bytes(e.valueBuffer()),
                headers);
    }

    private static Long timestampOrNull(TimestampType type, long timestamp) {
        return type == TimestampType.NO_TIMESTAMP_TYPE || timestamp < 0 ? null : timestamp;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
