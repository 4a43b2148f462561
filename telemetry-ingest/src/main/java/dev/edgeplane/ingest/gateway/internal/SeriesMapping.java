package dev.edgeplane.ingest.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgeplane.schemas.io.IoErrors;
import org.apache.avro.Schema;

/**
 * Mapping from Prometheus series to telemetry event fields, read from a JSON file (the format is
 * in docs/ingest-api.md). Loading checks every name, unit and regular expression, so a
 * bad file fails the gateway's start, not a request. Immutable.
 *
 * @param sourceId  the source id of the events, such as the Prometheus server's name
 * @param mappings  one entry per event kind to build
 */
public record SeriesMapping(String sourceId, List<EventMapping> mappings) {

    /** Resource with the built-in mapping of the {@code edgeplane:*} recording rules. */
    public static final String DEFAULT_RESOURCE = "/dev/edgeplane/ingest/gateway/default-remote-write-mapping.json";

    private static final String SERVICE_METRICS_PREFIX = "serviceMetrics.";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Recipe for one event kind.
     *
     * @param type      the event type
     * @param labels    string or enum fields taken from series labels
     * @param constants fields with a fixed value
     * @param fields    numeric fields taken from series values
     */
    public record EventMapping(EventType type, Map<String, LabelSource> labels, Map<String, JsonNode> constants,
            List<FieldSource> fields) {
    }

    /**
     * A field taken from a label; when a pattern is given, its first group is the value.
     *
     * @param label   label name
     * @param pattern regular expression that the whole label value must match, or null
     */
    public record LabelSource(String label, Pattern pattern) {
    }

    /**
     * A numeric field taken from the values of one series.
     *
     * @param field        target field, or {@code serviceMetrics.NAME} for a service metric
     * @param series       metric name of the series
     * @param match        labels the series must also carry with these values
     * @param factor       factor from the series' unit into the field's unit
     * @param defaultValue value used when the request has no sample for the field, or null
     */
    public record FieldSource(String field, String series, Map<String, String> match, double factor, Double defaultValue) {
    }

    /**
     * Reads a mapping file, or the built-in mapping when {@code path} is empty.
     *
     * @throws IllegalArgumentException naming the file, the entry and the fix when the file is invalid
     */
    public static SeriesMapping load(String path) {
        String origin = path.isEmpty() ? "the built-in remote-write mapping" : "remote-write mapping " + path;
        JsonNode root;
        try (InputStream in = path.isEmpty() ? SeriesMapping.class.getResourceAsStream(DEFAULT_RESOURCE)
                : Files.newInputStream(Path.of(path))) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DEFAULT_RESOURCE + " in the gateway's jar");
            }
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + origin + ": " + IoErrors.describe(e) + ".", e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid " + origin + ": " + e.getMessage(), e);
        }
    }

    private static SeriesMapping parse(JsonNode root) {
        require(root != null && root.isObject(), "expected a JSON object with 'sourceId' and 'mappings'");
        JsonNode sourceId = root.path("sourceId");
        require(sourceId.isTextual() && !JsonBatchReader.invalidId(sourceId.asText()),
                "'sourceId' must be a non-empty string, such as \"prometheus-city\"");
        JsonNode mappings = root.path("mappings");
        require(mappings.isArray() && !mappings.isEmpty(), "'mappings' must be a non-empty array");
        List<EventMapping> parsed = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            try {
                parsed.add(parseEvent(mappings.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mappings[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new SeriesMapping(sourceId.asText(), List.copyOf(parsed));
    }

    private static EventMapping parseEvent(JsonNode node) {
        require(node.isObject(), "expected an object with 'event', 'labels', 'constants' and 'fields'");
        EventType type = EventType.fromWireName(node.path("event").asText()).orElseThrow(() -> new IllegalArgumentException(
                "unknown 'event' " + node.path("event") + "; use one of " + EventType.wireNames()));
        Schema schema = type.schema();

        Map<String, LabelSource> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(node.path("labels"), "labels")) {
            requireTextField(schema, entry.getKey());
            labels.put(entry.getKey(), labelSource(entry.getKey(), entry.getValue()));
        }
        Map<String, JsonNode> constants = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(node.path("constants"), "constants")) {
            Schema.Field field = schema.getField(entry.getKey());
            require(field != null && !AvroFieldReader.GATEWAY_FIELDS.contains(entry.getKey())
                    && !entry.getKey().equals("eventTime"), "constants: unknown or reserved field " + entry.getKey());
            constants.put(entry.getKey(), entry.getValue());
        }
        List<FieldSource> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : entries(node.path("fields"), "fields")) {
            fields.add(fieldSource(type, entry.getKey(), entry.getValue()));
        }
        require(!fields.isEmpty(), "'fields' must map at least one field to a series");
        for (Schema.Field field : schema.getFields()) {
            boolean covered = labels.containsKey(field.name()) || constants.containsKey(field.name())
                    || fields.stream().anyMatch(f -> f.field().equals(field.name()));
            require(covered || field.hasDefaultValue() || field.name().equals("eventTime")
                    || AvroFieldReader.GATEWAY_FIELDS.contains(field.name()),
                    "field " + field.name() + " of " + type.wireName() + " has no default, so give it under labels,"
                            + " constants or fields");
        }
        // Insertion order, not Map.copyOf's per-JVM order, because event ids join the label values in
        // this order and must come out the same after a restart.
        return new EventMapping(type, Collections.unmodifiableMap(labels), Collections.unmodifiableMap(constants),
                List.copyOf(fields));
    }

    private static void requireTextField(Schema schema, String name) {
        Schema.Field field = schema.getField(name);
        require(field != null && (field.schema().getType() == Schema.Type.STRING
                || field.schema().getType() == Schema.Type.ENUM), "labels: " + name + " is not a string or enum field of "
                + schema.getName());
    }

    private static LabelSource labelSource(String field, JsonNode value) {
        if (value.isTextual()) {
            return new LabelSource(value.asText(), null);
        }
        require(value.isObject() && value.path("label").isTextual(), "labels." + field
                + " must be a label name or {\"label\": NAME, \"pattern\": REGEX}");
        Pattern pattern = null;
        if (value.has("pattern")) {
            try {
                pattern = Pattern.compile(value.path("pattern").asText());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("labels." + field + ".pattern is not a valid regular expression: "
                        + e.getDescription(), e);
            }
            require(pattern.matcher("").groupCount() >= 1, "labels." + field + ".pattern needs a group, such as"
                    + " ([^:]+):.*, whose text becomes the value");
        }
        return new LabelSource(value.path("label").asText(), pattern);
    }

    private static FieldSource fieldSource(EventType type, String field, JsonNode spec) {
        require(spec.isObject() && spec.path("series").isTextual() && !spec.path("series").asText().isEmpty(),
                "fields." + field + " must be an object with at least \"series\"");
        boolean serviceMetric = field.startsWith(SERVICE_METRICS_PREFIX);
        Unit target;
        if (serviceMetric) {
            require(type == EventType.REPLICA_METRICS && field.length() > SERVICE_METRICS_PREFIX.length(),
                    "fields." + field + ": service metrics exist only on replica-metrics events");
            target = null;
        } else {
            target = FieldUnits.of(field).filter(u -> type.schema().getField(field) != null).orElseThrow(() ->
                    new IllegalArgumentException("fields." + field + " is not a numeric field of " + type.wireName()));
        }
        double factor = 1;
        if (spec.has("unit")) {
            Unit unit = Unit.fromSymbol(spec.path("unit").asText()).orElseThrow(() -> new IllegalArgumentException(
                    "fields." + field + ".unit " + spec.path("unit") + " is not a known unit; use one of " + Unit.symbols()));
            if (target != null) {
                require(unit.dimension() == target.dimension(), "fields." + field + ".unit " + unit.symbol()
                        + " does not convert into the field's unit " + target.symbol());
                factor = unit.factorTo(target);
            }
        }
        Map<String, String> match = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(spec.path("match"), "fields." + field + ".match")) {
            require(entry.getValue().isTextual(), "fields." + field + ".match." + entry.getKey() + " must be a string");
            match.put(entry.getKey(), entry.getValue().asText());
        }
        Double defaultValue = null;
        if (spec.has("default")) {
            require(spec.path("default").isNumber(), "fields." + field + ".default must be a number");
            defaultValue = spec.path("default").doubleValue();
        }
        return new FieldSource(field, spec.path("series").asText(), Map.copyOf(match), factor, defaultValue);
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode node, String name) {
        if (node.isMissingNode()) {
            return List.of();
        }
        require(node.isObject(), "'" + name + "' must be an object");
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        fields.forEachRemaining(entries::add);
        return entries;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
