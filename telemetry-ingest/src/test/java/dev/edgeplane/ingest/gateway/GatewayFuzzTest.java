package dev.edgeplane.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.xerial.snappy.Snappy;

/**
 * Fuzzes both endpoints: malformed bodies and events must be answered with a 4xx or a per-item
 * rejection, never crash a request thread, and never reach a telemetry topic. Valid events mixed
 * into the same batches must still be produced. After the run, the telemetry topics must hold no
 * event id of a malformed event. jqwik runs outside JUnit Jupiter, so the broker is started here.
 */
class GatewayFuzzTest {

    /** Ways to break one valid event; each must make the gateway reject exactly that event. */
    enum Corruption {
        NEGATIVE_CPU, CPU_ABOVE_CORES, TEXT_FOR_NUMBER, MISSING_FIELD, UNKNOWN_FIELD, UNKNOWN_TYPE, EMPTY_ID,
        BAD_NODE_NAME, FRACTION_FOR_COUNT, NULL_FOR_REQUIRED, INFINITE_NUMBER, MEMORY_ABOVE_CAPACITY, GATEWAY_FIELD,
        NOT_AN_OBJECT, NEGATIVE_RTT, LOSS_ABOVE_ONE, UNORDERED_PERCENTILES
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryServer registry;
    private static IngestGateway gateway;

    @BeforeContainer
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        GatewayFixture.createTopics(broker);
        registry = GatewayFixture.startRegistry(broker);
        gateway = GatewayFixture.start(GatewayFixture.settings(broker, registry, IngestGatewayConfig.MAX_BODY_BYTES, 64 * 1024));
    }

    @AfterContainer
    static void checkTopicsAndStop() {
        try {
            List<String> ids = GatewayFixture.eventIds(GatewayFixture.telemetryRecords(broker));
            assertThat(ids).noneMatch(id -> id.startsWith("fuzz-bad"));
            assertThat(ids).anyMatch(id -> id.startsWith("fuzz-ok"));
        } finally {
            gateway.close();
            registry.close();
            broker.close();
        }
    }

    @Property(tries = 150)
    void randomBytesAreRejected(@ForAll byte[] body) throws Exception {
        GatewayFixture.Answer answer = postBytes("/v1/telemetry", "application/json", body);

        assertThat(answer.status()).isIn(400, 413);
        assertThat(answer.accepted()).isZero();
    }

    @Property(tries = 150)
    void malformedEventsAreRejectedOneByOne(@ForAll("batches") List<Corruption> batch) throws Exception {
        List<String> events = new ArrayList<>();
        List<Integer> expectedRejected = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            Corruption corruption = batch.get(i);
            long sequence = SEQUENCE.incrementAndGet();
            if (corruption == null) {
                events.add(GatewayFixture.nodeEvent("fuzz-ok-" + sequence, "edge-" + i, now, 1.0));
            } else {
                events.add(corrupt(corruption, "fuzz-bad-" + sequence, now));
                expectedRejected.add(i);
            }
        }

        GatewayFixture.Answer answer = GatewayFixture.postJson(gateway, GatewayFixture.batch("fuzz", events));

        int valid = batch.size() - expectedRejected.size();
        assertThat(answer.status()).isEqualTo(valid == 0 ? 400 : 200);
        assertThat(answer.accepted()).isEqualTo(valid);
        List<Integer> rejected = new ArrayList<>();
        answer.body().path("rejected").forEach(item -> rejected.add(item.path("index").asInt()));
        assertThat(rejected).isEqualTo(expectedRejected);
    }

    @Property(tries = 150)
    void randomRemoteWriteBodiesProduceNothing(@ForAll byte[] payload, @ForAll boolean compress) throws Exception {
        byte[] body = compress ? Snappy.compress(payload) : payload;

        GatewayFixture.Answer answer = postBytes("/api/v1/write", "application/x-protobuf", body);

        assertThat(answer.status()).isIn(200, 400, 413);
        assertThat(answer.accepted()).isZero();
    }

    @Provide
    Arbitrary<List<Corruption>> batches() {
        Arbitrary<Corruption> corruption = Arbitraries.of(Corruption.class).injectNull(0.3);
        return corruption.list().ofMinSize(1).ofMaxSize(12);
    }

    private static String corrupt(Corruption corruption, String id, long now) throws Exception {
        ObjectNode event = (ObjectNode) GatewayFixture.JSON.readTree(GatewayFixture.nodeEvent(id, "edge-1", now, 1.0));
        switch (corruption) {
            case NEGATIVE_CPU -> event.put("cpuUsedCores", -0.1);
            case CPU_ABOVE_CORES -> event.put("cpuUsedCores", 40.0);
            case TEXT_FOR_NUMBER -> event.put("memoryUsedBytes", "lots");
            case MISSING_FIELD -> event.remove("memoryCapacityBytes");
            case UNKNOWN_FIELD -> event.put("colour", "red");
            case UNKNOWN_TYPE -> event.put("type", "disk-metrics");
            case EMPTY_ID -> event.put("id", "");
            case BAD_NODE_NAME -> event.put("node", "Edge_1!");
            case FRACTION_FOR_COUNT -> event.put("podCount", 1.5);
            case NULL_FOR_REQUIRED -> event.putNull("podCount");
            case INFINITE_NUMBER -> {
                return event.toString().replace("\"cpuCapacityCores\":4.0", "\"cpuCapacityCores\":1e400");
            }
            case MEMORY_ABOVE_CAPACITY -> event.put("memoryUsedBytes", 9_000_000_000L);
            case GATEWAY_FIELD -> event.put("receiveTime", now);
            case NOT_AN_OBJECT -> {
                return "[\"" + id + "\"]";
            }
            case NEGATIVE_RTT -> {
                return GatewayFixture.linkEvent(id, now, -3.0);
            }
            case LOSS_ABOVE_ONE -> {
                return GatewayFixture.linkEvent(id, now, 100.0).replace("\"lossRatio\":0.0", "\"lossRatio\":1.5");
            }
            case UNORDERED_PERCENTILES -> {
                return GatewayFixture.replicaEvent(id, now).replace("\"latencyP99Ms\":45.5", "\"latencyP99Ms\":20.0");
            }
            default -> throw new IllegalArgumentException("Unhandled corruption " + corruption);
        }
        return event.toString();
    }

    private static GatewayFixture.Answer postBytes(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (path.endsWith("write")) {
            request.header("Content-Encoding", "snappy");
        }
        HttpResponse<String> response = GatewayFixture.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new GatewayFixture.Answer(response.statusCode(), GatewayFixture.JSON.readTree(response.body()), response);
    }
}
