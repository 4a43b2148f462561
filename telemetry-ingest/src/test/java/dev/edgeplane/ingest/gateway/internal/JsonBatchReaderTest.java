package dev.edgeplane.ingest.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reader must build exactly what the tree reader builds: the same records for valid
 * events, whatever their field order, and the same rejections for every other item.
 */
class JsonBatchReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "{\"kind\":\"EDGE_AGENT\",\"id\":\"agent-1\"}";

    /** Valid field values per event type, as JSON text; optional fields last. */
    private static final Map<String, Map<String, String>> VALID = Map.of(
            "node-metrics", fields("\"node\"", "\"edge-07\"", "\"eventTime\"", "1796400000000", "\"cpuUsedCores\"", "1.5",
                    "\"cpuCapacityCores\"", "4", "\"memoryUsedBytes\"", "2147483648", "\"memoryCapacityBytes\"",
                    "8589934592", "\"rtBandwidthUsedCpus\"", "0.5", "\"podCount\"", "12", "\"rtBandwidthLimitCpus\"", "3.8"),
            "link-latency", fields("\"sourceNode\"", "\"edge-07\"", "\"targetNode\"", "\"edge-02\"", "\"probeKind\"",
                    "\"NODE_TO_NODE\"", "\"protocol\"", "\"TCP\"", "\"eventTime\"", "1796400000000", "\"probeCount\"", "5",
                    "\"rttMicros\"", "850.0", "\"jitterMicros\"", "40", "\"lossRatio\"", "0.0"),
            "replica-metrics", fields("\"namespace\"", "\"city\"", "\"pod\"", "\"camera-a\"", "\"fogService\"",
                    "\"camera\"", "\"node\"", "\"edge-07\"", "\"eventTime\"", "1796400000000", "\"intervalMs\"", "1000",
                    "\"requestRate\"", "120.0", "\"errorRate\"", "0.5", "\"inFlight\"", "3", "\"latencyP50Ms\"", "12.0",
                    "\"latencyP95Ms\"", "30", "\"latencyP99Ms\"", "45.5", "\"serviceMetrics\"", "{\"queue_depth\":4.0}"));

    /** Values that break most fields in some way, including nested ones the reader must skip. */
    private static final List<String> BAD_VALUES = List.of("null", "\"text\"", "1.5", "-1", "1e400", "2147483648",
            "123456789012345678901234567890", "{}", "{\"a\":[1,{\"b\":{}}],\"c\":\"}\"}", "[1,[2]]", "true",
            "{\"x\":null}", "{\" \":1}", "\"UNKNOWN\"", "\"\"");

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private final JsonBatchReader reader = new JsonBatchReader(5_000);

    @Property(tries = 400)
    void onePassMatchesTreeReader(@ForAll("batches") List<String> events) throws Exception {
        String body = "{\"source\":" + SOURCE + ",\"events\":[" + String.join(",", events) + "]}";

        ParsedBatch batch = reader.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        List<Object> expected = new ArrayList<>();
        for (int index = 0; index < events.size(); index++) {
            expected.add(JsonBatchReader.readEvent(index, JSON.readTree(events.get(index))));
        }
        assertThat(batch.rejections()).containsExactlyElementsOf(
                expected.stream().filter(Rejection.class::isInstance).map(Rejection.class::cast).toList());
        List<Candidate> candidates = expected.stream().filter(Candidate.class::isInstance).map(Candidate.class::cast).toList();
        assertThat(batch.candidates()).hasSameSizeAs(candidates);
        for (int i = 0; i < candidates.size(); i++) {
            assertSameCandidate(batch.candidates().get(i), candidates.get(i));
        }
    }

    @Provide
    Arbitrary<List<String>> batches() {
        return event().list().ofMinSize(1).ofMaxSize(6);
    }

    private Arbitrary<String> event() {
        Arbitrary<String> type = Arbitraries.of(VALID.keySet()).injectDuplicates(0);
        return Combinators.combine(type, Arbitraries.integers().between(0, 40), Arbitraries.of(BAD_VALUES),
                Arbitraries.integers().between(0, 7), Arbitraries.randoms()).as((name, field, badValue, mode, random) -> {
                    List<Map.Entry<String, String>> entries = new ArrayList<>(VALID.get(name).entrySet());
                    List<String> members = new ArrayList<>();
                    for (Map.Entry<String, String> entry : entries) {
                        members.add(entry.getKey() + ":" + entry.getValue());
                    }
                    int target = field % members.size();
                    switch (mode) {
                        case 0 -> members.set(target, entries.get(target).getKey() + ":" + badValue);
                        case 1 -> members.remove(target);
                        case 2 -> members.add("\"unknownField\":" + badValue);
                        case 3 -> java.util.Collections.shuffle(members, random);
                        case 4 -> members.add("\"receiveTime\":1796400000000");
                        default -> {
                            // a valid event in the senders' order
                        }
                    }
                    String id = mode == 6 && field % 3 == 0 ? "\"\"" : "\"agent-1:" + field + "\"";
                    members.add(0, "\"id\":" + id);
                    String typeMember = "\"type\":\"" + (mode == 7 && field % 4 == 0 ? "no-such-type" : name) + "\"";
                    members.add(mode == 3 ? random.nextInt(members.size() + 1) : 0, typeMember);
                    return field == 40 ? badValue : "{" + String.join(",", members) + "}";
                });
    }

    private static void assertSameCandidate(Candidate actual, Candidate expected) {
        assertThat(actual.index()).isEqualTo(expected.index());
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.type()).isEqualTo(expected.type());
        SpecificRecord record = expected.record();
        for (int position = 0; position < record.getSchema().getFields().size(); position++) {
            assertThat(actual.record().get(position)).as(record.getSchema().getFields().get(position).name())
                    .isEqualTo(record.get(position));
        }
    }

    @Test
    void validEventsTakeTheOnePassPath() throws Exception {
        StreamingEventReader streaming = new StreamingEventReader();
        for (Map.Entry<String, Map<String, String>> type : VALID.entrySet()) {
            StringBuilder event = new StringBuilder("{\"type\":\"" + type.getKey() + "\",\"id\":\"a:1\"");
            type.getValue().forEach((name, value) -> event.append(',').append(name).append(':').append(value));
            try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(event.append('}').toString())) {
                parser.nextToken();

                Candidate candidate = streaming.read(0, parser);

                assertThat(candidate).as(type.getKey()).isNotNull();
                assertThat(parser.currentToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.END_OBJECT);
            }
        }
    }

    @Test
    void trailingContentFailsTheBatch() {
        String body = "{\"source\":" + SOURCE + ",\"events\":[{}]} {}";

        assertThatThrownBy(() -> reader.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class).hasMessageContaining("more content after the batch object");
    }

    @Test
    void duplicateFieldRejectsOnlyItsEvent() throws Exception {
        StringBuilder valid = new StringBuilder("{\"type\":\"node-metrics\",\"id\":\"a:1\"");
        VALID.get("node-metrics").forEach((name, value) -> valid.append(',').append(name).append(':').append(value));
        valid.append('}');
        String twiceId = "{\"type\":\"node-metrics\",\"id\":\"a:2\",\"id\":\"b\"}";
        String twiceField = valid.toString().replace("\"id\":\"a:1\"", "\"id\":\"a:3\"")
                .replace("\"podCount\":12", "\"podCount\":12,\"podCount\":13");
        String twiceMapKey = "{\"type\":\"replica-metrics\",\"id\":\"a:4\",\"serviceMetrics\":{\"q\":1.0,\"q\":2.0}}";
        String twiceInArray = "[{\"x\":1,\"x\":2}]";
        String body = "{\"source\":" + SOURCE + ",\"events\":[" + String.join(",", valid, twiceId, twiceField, twiceMapKey,
                twiceInArray) + "]}";

        ParsedBatch batch = reader.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(batch.candidates()).extracting(Candidate::id).containsExactly("a:1");
        assertThat(batch.rejections()).extracting(Rejection::index).containsExactly(1, 2, 3, 4);
        assertThat(batch.rejections()).extracting(Rejection::code).containsOnly(RejectCode.DUPLICATE_FIELD);
        assertThat(batch.rejections().get(0).id()).isEqualTo("b");
        assertThat(batch.rejections().get(0).reason()).contains("Duplicate field 'id'").contains("send each field once");
        assertThat(batch.rejections().get(1).id()).isEqualTo("a:3");
        assertThat(batch.rejections().get(1).reason()).contains("Duplicate field 'podCount'");
        assertThat(batch.rejections().get(2).reason()).contains("Duplicate field 'q'");
        assertThat(batch.rejections().get(3).reason()).contains("Duplicate field 'x'");
    }

    @Test
    void duplicateBatchFieldFailsTheBatch() {
        String twiceSource = "{\"source\":" + SOURCE + ",\"source\":" + SOURCE + ",\"events\":[{}]}";
        String twiceInSource = "{\"source\":{\"kind\":\"EDGE_AGENT\",\"id\":\"a\",\"id\":\"b\"},\"events\":[{}]}";

        assertThatThrownBy(() -> reader.read(twiceSource.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class).hasMessageContaining("duplicate top-level field 'source'");
        assertThatThrownBy(() -> reader.read(twiceInSource.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class).hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void checksRunInOrderWhateverTheFieldOrder() {
        String unknownLast = "{\"events\":[{}],\"source\":" + SOURCE + ",\"extra\":1}";
        String eventsFirstNoSource = "{\"events\":[]}";

        assertThatThrownBy(() -> reader.read(unknownLast.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class).hasMessageContaining("Unknown top-level field 'extra'");
        assertThatThrownBy(() -> reader.read(eventsFirstNoSource.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class).hasMessageContaining("Missing or invalid 'source'");
    }

    @Test
    void tooManyEventsFailsAfterCounting() {
        JsonBatchReader small = new JsonBatchReader(2);
        String body = "{\"source\":" + SOURCE + ",\"events\":[{},{\"a\":[1]},3]}";

        assertThatThrownBy(() -> small.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchTooLargeException.class).hasMessageContaining("has 3 events");
    }

    @Test
    void bodyThatIsNotAnObjectIsNamed() {
        assertThatThrownBy(() -> reader.read("[1]".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class).hasMessageContaining("got array");
        assertThatThrownBy(() -> reader.read(new byte[0]))
                .isInstanceOf(BatchFormatException.class).hasMessageContaining("got nothing");
    }

    @Test
    void nanTokenNamedWithoutParserAdvice() {
        String body = "{\"source\":" + SOURCE + ",\"events\":[{\"type\":\"node-metrics\",\"id\":\"a\",\"cpuUsedCores\":NaN}]}";

        assertThatThrownBy(() -> reader.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class)
                .hasMessageContaining("Non-standard token 'NaN' (not standard JSON, which the gateway requires) at line 1")
                .hasMessageNotContaining("enable")
                .hasMessageNotContaining("JsonReadFeature");
    }

    @Test
    void unknownFieldRejectionShowsValue() throws Exception {
        String body = "{\"source\":" + SOURCE + ",\"events\":[{\"type\":\"node-metrics\",\"id\":\"a:1\",\"gpu\":{\"count\":1}}]}";

        ParsedBatch batch = reader.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(batch.rejections()).hasSize(1);
        assertThat(batch.rejections().get(0).code()).isEqualTo(RejectCode.UNKNOWN_FIELD);
        assertThat(batch.rejections().get(0).field()).isEqualTo("gpu");
        assertThat(batch.rejections().get(0).value()).isEqualTo("{\"count\":1}");
    }
}
