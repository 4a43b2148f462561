package dev.edgeplane.ingest.gateway.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;

/**
 * Reads a JSON telemetry batch: {@code {"source":{"kind":..,"id":..},"events":[{"type":..,"id":..,
 * ...fields}]}}. A body that is not such an object fails as a whole; a bad event becomes a
 * {@link Rejection} and the others go on. Field names and types come from the Avro schemas of the
 * events (see {@link AvroFieldReader}). Thread-safe.
 */
public final class JsonBatchReader {

    /** Longest event id or source id, in characters. */
    public static final int MAX_ID_CHARS = 256;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final int maxEvents;

    /** Creates a reader that fails batches of more than {@code maxEvents} events. */
    public JsonBatchReader(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    /**
     * Reads a batch.
     *
     * @throws BatchFormatException if the body is not a JSON batch object or has no valid source
     * @throws BatchTooLargeException if it has more events than allowed
     */
    public ParsedBatch read(byte[] body) throws BatchFormatException, BatchTooLargeException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new BatchFormatException("Invalid JSON body: " + firstLine(e.getMessage())
                    + "; send one object with 'source' and 'events'.", e);
        }
        if (root == null || !root.isObject()) {
            throw new BatchFormatException("Invalid body: expected a JSON object with 'source' and 'events', got "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)) + ".");
        }
        checkTopLevelFields(root);
        TelemetrySource source = readSource(root.get("source"));
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw new BatchFormatException("Invalid 'events': expected an array of event objects.");
        }
        if (events.isEmpty()) {
            throw new BatchFormatException("Invalid 'events': the array is empty; send at least one event.");
        }
        if (events.size() > maxEvents) {
            throw new BatchTooLargeException("The batch has " + events.size() + " events, more than the limit of "
                    + maxEvents + "; split it into smaller batches.");
        }

        List<Candidate> candidates = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int index = 0; index < events.size(); index++) {
            Object item = readEvent(index, events.get(index));
            if (item instanceof Candidate candidate) {
                candidates.add(candidate);
            } else {
                rejections.add((Rejection) item);
            }
        }
        return new ParsedBatch(source, candidates, rejections);
    }

    private static void checkTopLevelFields(JsonNode root) throws BatchFormatException {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("source") && !name.equals("events")) {
                throw new BatchFormatException("Unknown top-level field '" + shorten(name)
                        + "'; a batch has only 'source' and 'events'.");
            }
        }
    }

    private static TelemetrySource readSource(JsonNode source) throws BatchFormatException {
        if (source == null || !source.isObject()) {
            throw new BatchFormatException("Missing or invalid 'source': expected {\"kind\":\"EDGE_AGENT\",\"id\":\"...\"}.");
        }
        JsonNode kind = source.get("kind");
        JsonNode id = source.get("id");
        if (source.size() != 2 || kind == null || id == null) {
            throw new BatchFormatException("Invalid 'source': it must have exactly the fields 'kind' and 'id'.");
        }
        Optional<SourceKind> sourceKind = kind.isTextual() ? sourceKind(kind.asText()) : Optional.empty();
        if (sourceKind.isEmpty() || sourceKind.get() == SourceKind.UNKNOWN) {
            throw new BatchFormatException("Invalid source kind " + shorten(kind.toString())
                    + "; use one of EDGE_AGENT, PROMETHEUS, CITY_FEED, SIMULATOR.");
        }
        if (!id.isTextual() || invalidId(id.asText())) {
            throw new BatchFormatException("Invalid source id " + shorten(id.toString()) + ": use 1 to " + MAX_ID_CHARS
                    + " printable characters.");
        }
        return new TelemetrySource(sourceKind.get(), id.asText());
    }

    private static Optional<SourceKind> sourceKind(String symbol) {
        for (SourceKind kind : SourceKind.values()) {
            if (kind.name().equals(symbol)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Returns a {@link Candidate} or a {@link Rejection}. */
    private static Object readEvent(int index, JsonNode event) {
        if (!event.isObject()) {
            return new Rejection(index, null, null, event.toString(), RejectCode.INVALID_TYPE,
                    "An event must be a JSON object with 'type', 'id' and the fields of its type.");
        }
        JsonNode idNode = event.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        if (id == null || invalidId(id)) {
            return new Rejection(index, id, "id", idNode == null ? null : idNode.toString(), RejectCode.INVALID_ID,
                    "Missing or invalid event id: use a string of 1 to " + MAX_ID_CHARS
                            + " printable characters, unique per source, such as agent-edge-07:000123.");
        }
        JsonNode typeNode = event.get("type");
        Optional<EventType> type = typeNode != null && typeNode.isTextual()
                ? EventType.fromWireName(typeNode.asText()) : Optional.empty();
        if (type.isEmpty()) {
            return new Rejection(index, id, "type", typeNode == null ? null : typeNode.toString(),
                    RejectCode.UNKNOWN_EVENT_TYPE, "Missing or unknown event type; use one of " + EventType.wireNames() + ".");
        }
        return AvroFieldReader.read(index, id, type.get(), event);
    }

    /** Returns whether {@code id} is empty, too long or contains a control character. */
    public static boolean invalidId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_CHARS || id.isBlank()) {
            return true;
        }
        return id.chars().anyMatch(Character::isISOControl);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String shorten(String text) {
        return text.length() > Rejection.MAX_VALUE_CHARS ? text.substring(0, Rejection.MAX_VALUE_CHARS) + "..." : text;
    }
}
