package dev.edgeplane.ingest.gateway.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
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

    // The pass over the whole body does not fail on a duplicate field, so that a duplicate rejects only the
    // event that contains it. The source and every event that is not read on the fast path are read again
    // from their own bytes with strictMapper, which does fail on one.
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final ObjectMapper strictMapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    // Reads one scalar inside the batch, where the rest of the batch follows, so trailing tokens are expected.
    private final ObjectReader valueReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final StreamingEventReader streamingReader = new StreamingEventReader();
    private final int maxEvents;

    /** Creates a reader that fails batches of more than {@code maxEvents} events. */
    public JsonBatchReader(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    /**
     * Reads a batch in one pass over the tokens. Well-formed events go straight into their records
     * ({@link StreamingEventReader}); any other event is read again as a tree from its bytes, so
     * that its rejection names the field at fault.
     *
     * @throws BatchFormatException if the body is not a JSON batch object or has no valid source
     * @throws BatchTooLargeException if it has more events than allowed
     */
    public ParsedBatch read(byte[] body) throws BatchFormatException, BatchTooLargeException {
        Items items = new Items();
        String unknownField = null;
        JsonNode sourceNode = null;
        boolean eventsArray = false;
        Set<String> topLevelNames = new HashSet<>();
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject(body);
            }
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                JsonToken token = parser.nextToken();
                if (!topLevelNames.add(name)) {
                    throw new BatchFormatException("Invalid JSON body: duplicate top-level field '" + shorten(name)
                            + "'; send one object with 'source' and 'events' once each.");
                }
                if (name.equals("source")) {
                    sourceNode = readValueStrictly(body, parser);
                } else if (name.equals("events") && token == JsonToken.START_ARRAY) {
                    eventsArray = true;
                    readEvents(body, parser, items);
                } else {
                    unknownField = unknownField == null && !name.equals("events") ? name : unknownField;
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new BatchFormatException("Invalid JSON body: there is more content after the batch object at byte "
                        + parser.currentTokenLocation().getByteOffset() + "; send one object with 'source' and 'events'.");
            }
        } catch (IOException e) {
            throw new BatchFormatException("Invalid JSON body: " + describe(e)
                    + "; send one object with 'source' and 'events'.", e);
        }

        // The checks run in this order whatever the order of the fields in the body.
        if (unknownField != null) {
            throw new BatchFormatException("Unknown top-level field '" + shorten(unknownField)
                    + "'; a batch has only 'source' and 'events'.");
        }
        TelemetrySource source = readSource(sourceNode);
        if (!eventsArray) {
            throw new BatchFormatException("Invalid 'events': expected an array of event objects.");
        }
        if (items.count == 0) {
            throw new BatchFormatException("Invalid 'events': the array is empty; send at least one event.");
        }
        if (items.count > maxEvents) {
            throw new BatchTooLargeException("The batch has " + items.count + " events, more than the limit of "
                    + maxEvents + "; split it into smaller batches.");
        }
        return new ParsedBatch(source, items.candidates, items.rejections);
    }

    /** The events of a batch read so far. */
    private static final class Items {
        private final List<Candidate> candidates = new ArrayList<>();
        private final List<Rejection> rejections = new ArrayList<>();
        private int count;

        void add(Object item) {
            if (item instanceof Candidate candidate) {
                candidates.add(candidate);
            } else {
                rejections.add((Rejection) item);
            }
        }
    }

    /** Reads the events array whose START_ARRAY is the current token; past the limit it only counts. */
    private void readEvents(byte[] body, JsonParser parser, Items items) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new IOException("Unexpected end of the body inside 'events'");
            }
            int index = items.count++;
            if (items.count > maxEvents) {
                parser.skipChildren();
                continue;
            }
            int start = start(parser);
            if (token == JsonToken.START_ARRAY) {
                parser.skipChildren();
                items.add(readItem(body, index, start, length(parser, start)));
                continue;
            }
            if (token != JsonToken.START_OBJECT) {
                items.add(readEvent(index, valueReader.readTree(parser)));
                continue;
            }

            int depth = parser.getParsingContext().getNestingDepth();
            Candidate candidate = streamingReader.read(index, parser);
            if (candidate != null) {
                items.add(candidate);
                continue;
            }
            skipToEventEnd(parser, depth);
            items.add(readItem(body, index, start, length(parser, start)));
        }
    }

    /** Reads one item of the events array again from its bytes; a duplicate field rejects only this item. */
    private Object readItem(byte[] body, int index, int start, int length) throws IOException {
        JsonNode item;
        try {
            item = strictMapper.readTree(body, start, length);
        } catch (StreamReadException e) {
            if (!e.getOriginalMessage().startsWith("Duplicate field")) {
                throw e;
            }
            JsonNode lastValues = mapper.readTree(body, start, length);
            String id = lastValues.path("id").isTextual() ? lastValues.path("id").asText() : null;
            return new Rejection(index, id, null, null, RejectCode.DUPLICATE_FIELD, "Invalid event: " + describe(e)
                    + " of the event; send each field once.");
        }
        return readEvent(index, item == null ? NullNode.getInstance() : item);
    }

    /** Reads the value whose first token is current, failing on a duplicate field inside it. */
    private JsonNode readValueStrictly(byte[] body, JsonParser parser) throws IOException {
        if (!parser.currentToken().isStructStart()) {
            return valueReader.readTree(parser);
        }
        int start = start(parser);
        parser.skipChildren();
        return strictMapper.readTree(body, start, length(parser, start));
    }

    /** Returns the byte offset of the parser's current token. */
    private static int start(JsonParser parser) {
        return (int) parser.currentTokenLocation().getByteOffset();
    }

    /** Returns the length of the value from {@code start} to the end of the parser's current token. */
    private static int length(JsonParser parser, int start) {
        return (int) parser.currentLocation().getByteOffset() - start;
    }

    /** Moves the parser to the END_OBJECT of the event whose object is at nesting depth {@code depth}. */
    private static void skipToEventEnd(JsonParser parser, int depth) throws IOException {
        while (parser.currentToken() != JsonToken.END_OBJECT || parser.getParsingContext().getNestingDepth() >= depth) {
            if (parser.nextToken() == null) {
                throw new IOException("Unexpected end of the body inside an event");
            }
        }
    }

    /** Returns the error for a body that is valid JSON but not an object; malformed JSON throws IOException. */
    private BatchFormatException notAnObject(byte[] body) throws IOException {
        JsonNode root = mapper.readTree(body);
        String got = root == null || root.isMissingNode() ? "nothing"
                : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        return new BatchFormatException("Invalid body: expected a JSON object with 'source' and 'events', got " + got + ".");
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
    static Object readEvent(int index, JsonNode event) {
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
        if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return true;
        }
        // A loop, not a stream: this runs for every event.
        boolean blank = true;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            blank &= Character.isWhitespace(c);
        }
        return blank;
    }

    /**
     * Returns Jackson's own message with the line and column, without its note on the redacted
     * source and without its advice to enable a parser feature, which only the gateway could do.
     */
    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            JsonLocation at = json.getLocation();
            return withoutFeatureAdvice(firstLine(json.getOriginalMessage())) + " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr();
        }
        return withoutFeatureAdvice(firstLine(e.getMessage()));
    }

    /**
     * Replaces Jackson's "enable `JsonReadFeature...` to allow" advice: a sender cannot enable a
     * parser feature, and the gateway keeps to standard JSON on purpose.
     */
    private static String withoutFeatureAdvice(String message) {
        int advice = message.indexOf(": enable `");
        if (advice < 0) {
            return message;
        }
        return message.substring(0, advice) + " (not standard JSON, which the gateway requires)";
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
