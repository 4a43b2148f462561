package dev.edgeplane.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record whose bytes cannot be read as Confluent wire format Avro: invalid input that no retry
 * can fix, so a dead-letter handler may route it away and go on.
 *
 * <p>Kafka's {@code Deserializer} API passes the topic but not the partition and offset, so the
 * deserializer raises this exception with {@link #UNKNOWN_POSITION} for both, and a handler that
 * has them, such as {@link dev.edgeplane.schemas.deadletter.DeadLetterDeserializationExceptionHandler},
 * calls {@link #atPosition} to get the full message.
 *
 * <p>Failures of the schema registry itself are not this exception: they raise
 * {@code SchemaRegistryException}, because the same record may be readable once the registry responds.
 */
public class WireFormatException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Partition and offset of a record whose position the raiser does not know. */
    public static final int UNKNOWN_POSITION = -1;

    /** Reason the bytes cannot be read. */
    public enum Reason {
        /** The first byte is not the wire format magic byte 0. */
        BAD_MAGIC_BYTE,
        /** The bytes end before the header or the Avro record is complete. */
        TRUNCATED,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema cannot be resolved to the reader schema. */
        INCOMPATIBLE_SCHEMA,
        /** The Avro bytes do not match the writer schema, or bytes remain after the record. */
        MALFORMED_PAYLOAD
    }

    private final String topic;
    private final boolean key;
    private final int partition;
    private final long offset;
    private final Reason reason;
    private final String detail;

    /** Creates an exception for a record whose partition and offset are not known. */
    public WireFormatException(String topic, boolean key, Reason reason, String detail, Throwable cause) {
        this(topic, key, UNKNOWN_POSITION, UNKNOWN_POSITION, reason, detail, cause);
    }

    private WireFormatException(String topic, boolean key, int partition, long offset, Reason reason,
            String detail, Throwable cause) {
        super(message(topic, key, partition, offset, reason, detail), cause);
        this.topic = topic;
        this.key = key;
        this.partition = partition;
        this.offset = offset;
        this.reason = reason;
        this.detail = detail;
    }

    private static String message(String topic, boolean key, int partition, long offset, Reason reason,
            String detail) {
        String position = partition == UNKNOWN_POSITION
                ? " (partition and offset not known to the deserializer)"
                : ", partition " + partition + ", offset " + offset;
        return "Invalid record " + (key ? "key" : "value") + " in topic '" + topic + "'" + position + ": "
                + reason + ": " + detail + ". No retry can read it: skip it or route it to a dead-letter topic.";
    }

    /**
     * Returns a copy that names the record's partition and offset, with this exception as its
     * cause so that the deserializer's stack trace is kept.
     */
    public WireFormatException atPosition(int partition, long offset) {
        return new WireFormatException(topic, key, partition, offset, reason, detail, this);
    }

    /** Finds a {@code WireFormatException} in a throwable or its causes, or returns null. */
    public static WireFormatException find(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof WireFormatException wire) {
                return wire;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Topic the record was read from. */
    public String topic() {
        return topic;
    }

    /** Returns whether the unreadable bytes are the record key rather than its value. */
    public boolean isKey() {
        return key;
    }

    /** Partition of the record, or {@link #UNKNOWN_POSITION}. */
    public int partition() {
        return partition;
    }

    /** Offset of the record, or {@link #UNKNOWN_POSITION}. */
    public long offset() {
        return offset;
    }

    /** Returns the reason the bytes cannot be read. */
    public Reason reason() {
        return reason;
    }

    /** Details of the failure, such as the schema id or the number of missing bytes. */
    public String detail() {
        return detail;
    }
}
