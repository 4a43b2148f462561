package dev.edgeplane.schemas.serde.internal;

import dev.edgeplane.schemas.serde.WireFormatException;
import dev.edgeplane.schemas.serde.WireFormatException.Reason;

/**
 * The Confluent wire format header: magic byte 0, then the schema id as a 4-byte big-endian
 * integer, then the Avro binary encoding of the record.
 */
public final class WireFormat {

    /** First byte of every wire format record. */
    public static final byte MAGIC_BYTE = 0;

    /** Bytes before the Avro payload: the magic byte and the schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Writes the header for a schema id into the first {@link #HEADER_SIZE} bytes of a buffer. */
    public static void writeHeader(byte[] buffer, int schemaId) {
        buffer[0] = MAGIC_BYTE;
        buffer[1] = (byte) (schemaId >>> 24);
        buffer[2] = (byte) (schemaId >>> 16);
        buffer[3] = (byte) (schemaId >>> 8);
        buffer[4] = (byte) schemaId;
    }

    /**
     * Reads the schema id from the header of a record.
     *
     * @throws WireFormatException when the record is shorter than the header or starts with another
     *     byte than {@link #MAGIC_BYTE}
     */
    public static int readSchemaId(String topic, boolean key, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException(topic, key, Reason.TRUNCATED, "record has " + data.length
                    + " bytes, fewer than the " + HEADER_SIZE + "-byte wire format header", null);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(topic, key, Reason.BAD_MAGIC_BYTE, String.format(
                    "first byte is 0x%02x, expected the magic byte 0x00; the producer did not use the"
                            + " Confluent wire format", data[0] & 0xff), null);
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
