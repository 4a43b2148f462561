package dev.edgeplane.ingest.gateway.internal;

/**
 * One rejected item of a batch, as listed in the answer.
 *
 * @param index  position of the item in the batch's {@code events} array, or of the event built from
 *               remote-write series
 * @param id     the item's event id, shortened like the value, or null when it had none
 * @param field  the field at fault, or null when the whole item is
 * @param value  the offending value as text, shortened to {@value #MAX_VALUE_CHARS} characters, or null
 * @param code   a short, stable reason code, also the tag of the rejection counter
 * @param reason what is wrong and how to fix it, for people
 */
public record Rejection(int index, String id, String field, String value, RejectCode code, String reason) {

    /** Longest value text kept in an answer. */
    public static final int MAX_VALUE_CHARS = 200;

    public Rejection {
        value = shortened(value);
        id = shortened(id);
    }

    private static String shortened(String text) {
        return text != null && text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "..." : text;
    }
}
