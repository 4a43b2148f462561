package dev.edgeplane.ingest.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.ingest.gateway.internal.SeriesMapping.EventMapping;
import dev.edgeplane.ingest.gateway.internal.SeriesMapping.FieldSource;
import dev.edgeplane.ingest.gateway.internal.SeriesMapping.LabelSource;

/**
 * Turns the series of one remote-write request into telemetry events with a {@link SeriesMapping}.
 *
 * <p>Samples are grouped by event kind, key labels and timestamp: all series of one scrape (or one
 * recording-rule evaluation) share a timestamp, so they form one event. The event is then read
 * like a JSON event by {@link AvroFieldReader}, which applies the same type checks. Its id is
 * derived from kind, labels and timestamp, so a request that Prometheus resends after a 5xx
 * produces the same ids and is answered as duplicates. An event whose series arrived in two
 * requests is built from each part alone, and a part that lacks a field without default is rejected.
 * Series that no mapping names are ignored and counted; NaN samples, which Prometheus sends as
 * staleness markers, are skipped. Thread-safe.
 */
public final class SeriesMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SeriesMapping mapping;
    private final Map<String, List<Source>> bySeries = new HashMap<>();

    private record Source(int mappingIndex, FieldSource field) {
    }

    private record GroupKey(int mappingIndex, List<String> labelValues, long timestampMs) {
    }

    private static final class Group {
        final int firstSeriesIndex;
        final Map<String, Double> values = new LinkedHashMap<>();

        Group(int firstSeriesIndex) {
            this.firstSeriesIndex = firstSeriesIndex;
        }
    }

    /**
     * The events of one request and the series no mapping names.
     *
     * @param batch          the events and the rejections, indexed by series position
     * @param unmappedSeries series ignored because no mapping names them
     */
    public record Mapped(ParsedBatch batch, int unmappedSeries) {
    }

    public SeriesMapper(SeriesMapping mapping) {
        this.mapping = mapping;
        for (int i = 0; i < mapping.mappings().size(); i++) {
            for (FieldSource field : mapping.mappings().get(i).fields()) {
                bySeries.computeIfAbsent(field.series(), name -> new ArrayList<>()).add(new Source(i, field));
            }
        }
    }

    /** Maps the series of one request. */
    public Mapped map(List<TimeSeries> series) {
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        int unmapped = 0;
        for (int index = 0; index < series.size(); index++) {
            TimeSeries one = series.get(index);
            List<Source> sources = bySeries.get(one.name());
            boolean matched = false;
            for (Source source : sources == null ? List.<Source>of() : sources) {
                if (!one.labels().entrySet().containsAll(source.field().match().entrySet())) {
                    continue;
                }
                matched = true;
                EventMapping event = mapping.mappings().get(source.mappingIndex());
                List<String> labelValues = labelValues(event, one, index, rejections);
                if (labelValues == null) {
                    continue;
                }
                for (int sample = 0; sample < one.values().length; sample++) {
                    double value = one.values()[sample];
                    if (Double.isNaN(value)) {
                        continue;
                    }
                    GroupKey key = new GroupKey(source.mappingIndex(), labelValues, one.timestamps()[sample]);
                    int seriesIndex = index;
                    groups.computeIfAbsent(key, k -> new Group(seriesIndex)).values
                            .put(source.field().field(), value * source.field().factor());
                }
            }
            if (!matched) {
                unmapped++;
            }
        }

        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<GroupKey, Group> group : groups.entrySet()) {
            Object item = build(group.getKey(), group.getValue());
            if (item instanceof Candidate candidate) {
                candidates.add(candidate);
            } else {
                rejections.add((Rejection) item);
            }
        }
        TelemetrySource source = new TelemetrySource(SourceKind.PROMETHEUS, mapping.sourceId());
        return new Mapped(new ParsedBatch(source, candidates, rejections), unmapped);
    }

    /** Returns the key label values in mapping order, or null after adding a rejection. */
    private static List<String> labelValues(EventMapping event, TimeSeries series, int index, List<Rejection> rejections) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, LabelSource> label : event.labels().entrySet()) {
            String value = series.labels().get(label.getValue().label());
            if (value != null && label.getValue().pattern() != null) {
                Matcher matcher = label.getValue().pattern().matcher(value);
                value = matcher.matches() ? matcher.group(1) : null;
            }
            if (value == null || value.isEmpty()) {
                rejections.add(new Rejection(index, null, label.getKey(), series.name(), RejectCode.MISSING_LABEL,
                        "Series " + series.name() + " has no label " + label.getValue().label()
                                + (label.getValue().pattern() == null ? "" : " matching " + label.getValue().pattern())
                                + " for field " + label.getKey() + " of " + event.type().wireName()
                                + "; add it in a recording rule or fix the mapping."));
                return null;
            }
            values.add(value);
        }
        return values;
    }

    private Object build(GroupKey key, Group group) {
        EventMapping event = mapping.mappings().get(key.mappingIndex());
        ObjectNode node = NODES.objectNode();
        int labelIndex = 0;
        for (String field : event.labels().keySet()) {
            node.put(field, key.labelValues().get(labelIndex++));
        }
        event.constants().forEach(node::set);
        node.put("eventTime", key.timestampMs());
        ObjectNode serviceMetrics = null;
        for (FieldSource field : event.fields()) {
            Double value = group.values.containsKey(field.field()) ? group.values.get(field.field()) : field.defaultValue();
            if (value == null) {
                continue;
            }
            if (field.field().startsWith("serviceMetrics.")) {
                if (serviceMetrics == null) {
                    serviceMetrics = node.putObject("serviceMetrics");
                }
                serviceMetrics.set(field.field().substring("serviceMetrics.".length()), number(value));
            } else {
                node.set(field.field(), number(value));
            }
        }
        return AvroFieldReader.read(group.firstSeriesIndex, eventId(event, key), event.type(), node);
    }

    /** Returns whole values as integers, so that count fields such as podCount accept them. */
    private static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 9.0e15) {
            return NODES.numberNode((long) value);
        }
        return NODES.numberNode(value);
    }

    private static String eventId(EventMapping event, GroupKey key) {
        String id = "prometheus:" + event.type().wireName() + ":" + String.join("/", key.labelValues()) + "@"
                + key.timestampMs();
        if (id.length() <= JsonBatchReader.MAX_ID_CHARS && !JsonBatchReader.invalidId(id)) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "prometheus:" + event.type().wireName() + ":sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
