package dev.edgeplane.ingest.gateway;

import static dev.edgeplane.ingest.gateway.GatewayFixture.batch;
import static dev.edgeplane.ingest.gateway.GatewayFixture.eventIds;
import static dev.edgeplane.ingest.gateway.GatewayFixture.linkEvent;
import static dev.edgeplane.ingest.gateway.GatewayFixture.nodeEvent;
import static dev.edgeplane.ingest.gateway.GatewayFixture.postJson;
import static dev.edgeplane.ingest.gateway.GatewayFixture.postRemoteWrite;
import static dev.edgeplane.ingest.gateway.GatewayFixture.replicaEvent;
import static dev.edgeplane.ingest.gateway.GatewayFixture.settings;
import static dev.edgeplane.ingest.gateway.GatewayFixture.telemetryRecords;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway against a real broker and schema registry: answers, records, dedup and restarts. */
@WithKafkaBroker
class IngestGatewayTest {

    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        GatewayFixture.createTopics(broker);
        registry = GatewayFixture.startRegistry(broker);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void gatewayTurnsOnTcpNoDelay() {
        // Loading the gateway class sets the property the JDK HTTP server reads for TCP_NODELAY.
        assertThat(IngestGateway.TCP_NO_DELAY_PROPERTY).isEqualTo("sun.net.httpserver.nodelay");
        assertThat(System.getProperty(IngestGateway.TCP_NO_DELAY_PROPERTY)).isEqualTo("true");
    }

    @Test
    void gatewayLimitsRequestTime() {
        // Loading the gateway class sets the property the JDK HTTP server reads for slow senders.
        assertThat(IngestGateway.MAX_REQUEST_TIME_PROPERTY).isEqualTo("sun.net.httpserver.maxReqTime");
        assertThat(System.getProperty(IngestGateway.MAX_REQUEST_TIME_PROPERTY)).isEqualTo("60");
    }

    @Test
    void validBatchIsProducedAsAvro(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        long now = System.currentTimeMillis();
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer answer = postJson(gateway, batch(source, List.of(nodeEvent(source + ":1", "edge-7", now, 1.5),
                    linkEvent(source + ":2", now, 850.0), replicaEvent(source + ":3", now))));

            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            assertThat(answer.accepted()).isEqualTo(3);
            assertThat(answer.duplicates()).isZero();
            assertThat(answer.body().path("rejected")).isEmpty();
        }

        List<ConsumerRecord<byte[], byte[]>> records = telemetryRecords(broker).stream()
                .filter(r -> eventIds(List.of(r)).get(0).startsWith(source)).toList();
        assertThat(eventIds(records)).containsExactlyInAnyOrder(source + ":1", source + ":2", source + ":3");
        ConsumerRecord<byte[], byte[]> nodeRecord = records.stream()
                .filter(r -> r.topic().equals(TopicCatalog.NODE_METRICS.name())).findFirst().orElseThrow();
        assertThat(new String(nodeRecord.key())).isEqualTo("edge-7");
        SpecificAvroDeserializer<NodeMetrics> reader = new SpecificAvroDeserializer<>();
        reader.configure(java.util.Map.of("schema.registry.url", registry.url()), false);
        NodeMetrics metrics = reader.deserialize(nodeRecord.topic(), nodeRecord.value());
        assertThat(metrics.getCpuUsedCores()).isEqualTo(1.5);
        assertThat(metrics.getEventTime()).isEqualTo(Instant.ofEpochMilli(now));
        assertThat(metrics.getReceiveTime().toEpochMilli()).isBetween(now - 1_000, now + 60_000);
        assertThat(metrics.getSource().getKind()).isEqualTo(SourceKind.EDGE_AGENT);
        assertThat(metrics.getSource().getId()).isEqualTo(source);
        assertThat(nodeRecord.timestamp()).isEqualTo(metrics.getReceiveTime().toEpochMilli());
    }

    @Test
    void invalidItemsAreListedOneByOne(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        long now = System.currentTimeMillis();
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer answer = postJson(gateway, batch(source, List.of(
                    nodeEvent(source + ":ok", "edge-1", now, 1.0),
                    linkEvent(source + ":negative", now, -5.0),
                    nodeEvent(source + ":cpu", "edge-1", now, 9.0),
                    "{\"type\":\"node-metrics\",\"id\":\"" + source + ":typo\",\"cpuUsedCore\":1}",
                    "{\"type\":\"disk\",\"id\":\"" + source + ":type\"}")));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.accepted()).isEqualTo(1);
            assertThat(answer.body().path("rejected")).hasSize(4);
            assertThat(answer.body().path("rejected").get(0).path("index").asInt()).isEqualTo(1);
            assertThat(answer.body().path("rejected").get(0).path("field").asText()).isEqualTo("rttMicros");
            assertThat(answer.body().path("rejected").get(0).path("value").asText()).isEqualTo("-5.0");
            assertThat(answer.body().path("rejected").get(0).path("code").asText()).isEqualTo("out-of-range");
            assertThat(answer.body().path("rejected").get(1).path("field").asText()).isEqualTo("cpuUsedCores");
            assertThat(answer.body().path("rejected").get(1).path("reason").asText())
                    .contains("at most the node's cpuCapacityCores 4.0");
            assertThat(answer.body().path("rejected").get(2).path("code").asText()).isEqualTo("unknown-field");
            assertThat(answer.body().path("rejected").get(3).path("code").asText()).isEqualTo("unknown-event-type");
        }
        assertThat(eventIds(telemetryRecords(broker))).contains(source + ":ok")
                .doesNotContain(source + ":negative", source + ":cpu", source + ":typo", source + ":type");

        // Every rejected item is also kept in the dead-letter topic with its reason.
        SpecificAvroDeserializer<DeadLetter> letters = new SpecificAvroDeserializer<>();
        letters.configure(java.util.Map.of("schema.registry.url", registry.url()), false);
        List<DeadLetter> ours = GatewayFixture.records(broker, List.of(DeadLetters.TOPIC)).stream()
                .map(r -> letters.deserialize(r.topic(), r.value()))
                .filter(letter -> new String(letter.getKey().array(), StandardCharsets.UTF_8).equals("EDGE_AGENT/" + source))
                .toList();
        assertThat(ours).hasSize(4).allSatisfy(letter -> {
            assertThat(letter.getFailedStage()).isEqualTo(FailedStage.VALIDATION);
            assertThat(letter.getSourceTopic()).isEqualTo("HTTP POST /v1/telemetry");
            assertThat(letter.getSourcePartition()).isEqualTo(-1);
        });
        assertThat(ours).extracting(letter -> letter.getErrorMessage().split(":")[0])
                .containsExactlyInAnyOrder("out-of-range", "out-of-range", "unknown-field", "unknown-event-type");
        assertThat(ours).extracting(letter -> new String(letter.getValue().array(), StandardCharsets.UTF_8))
                .anySatisfy(value -> assertThat(value).contains("\"id\":\"" + source + ":negative\"")
                        .contains("\"field\":\"rttMicros\"").contains("\"value\":\"-5.0\""));
    }

    @Test
    void impossibleCombinationsAreRejected(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        long now = System.currentTimeMillis();
        String selfLink = linkEvent(source + ":self", now, 800.0).replace("\"targetNode\":\"edge-2\"",
                "\"targetNode\":\"edge-1\"");
        String moreErrorsThanRequests = replicaEvent(source + ":errors", now).replace("\"errorRate\":0.5",
                "\"errorRate\":500.0");
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer answer = postJson(gateway, batch(source, List.of(selfLink, moreErrorsThanRequests)));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().path("rejected").get(0).path("field").asText()).isEqualTo("targetNode");
            assertThat(answer.body().path("rejected").get(0).path("reason").asText()).contains("is the sourceNode edge-1");
            assertThat(answer.body().path("rejected").get(1).path("field").asText()).isEqualTo("errorRate");
            assertThat(answer.body().path("rejected").get(1).path("reason").asText())
                    .contains("at most the requestRate 120.0");
        }
    }

    @Test
    void batchWhereEveryItemFailsGets400(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer answer = postJson(gateway, batch(source,
                    List.of(linkEvent(source + ":1", System.currentTimeMillis(), -1))));
            GatewayFixture.Answer notJson = postJson(gateway, "{\"source\":");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().path("rejected")).hasSize(1);
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(notJson.body().path("error").asText()).startsWith("Invalid JSON body");
            assertThat(notJson.body().path("error").asText()).contains("at line 1, column");
            assertThat(notJson.body().path("error").asText()).doesNotContain("REDACTED");
        }
    }

    @Test
    void invalidBodiesAreDeadLettered(EmbeddedKafkaBroker broker) throws Exception {
        String marker = unique("broken");
        String brokenJson = "{\"source\":{\"kind\":\"EDGE_AGENT\",\"id\":\"" + marker + "\"},\"events\":[{\"type\":";
        byte[] notSnappy = (marker + " is not snappy").getBytes(StandardCharsets.UTF_8);
        GatewayFixture.Answer jsonAnswer;
        GatewayFixture.Answer remoteWriteAnswer;
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            jsonAnswer = postJson(gateway, brokenJson);
            remoteWriteAnswer = postRemoteWrite(gateway, notSnappy);
        }

        assertThat(jsonAnswer.status()).isEqualTo(400);
        assertThat(remoteWriteAnswer.status()).isEqualTo(400);
        SpecificAvroDeserializer<DeadLetter> letters = new SpecificAvroDeserializer<>();
        letters.configure(java.util.Map.of("schema.registry.url", registry.url()), false);
        List<DeadLetter> all = GatewayFixture.records(broker, List.of(DeadLetters.TOPIC)).stream()
                .map(r -> letters.deserialize(r.topic(), r.value()))
                .toList();

        DeadLetter json = all.stream()
                .filter(letter -> letter.getSourceTopic().equals("HTTP POST /v1/telemetry"))
                .filter(letter -> new String(letter.getValue().array(), StandardCharsets.UTF_8).contains(marker))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter for the broken JSON body"));
        String jsonValue = new String(json.getValue().array(), StandardCharsets.UTF_8);
        assertThat(json.getFailedStage()).isEqualTo(FailedStage.VALIDATION);
        assertThat(json.getSourceTopic()).isEqualTo("HTTP POST /v1/telemetry");
        assertThat(new String(json.getKey().array(), StandardCharsets.UTF_8)).isEqualTo("127.0.0.1");
        assertThat(json.getErrorMessage()).startsWith(jsonAnswer.body().path("error").asText());
        assertThat(GatewayFixture.JSON.readTree(jsonValue).path("body").asText()).isEqualTo(brokenJson);
        assertThat(GatewayFixture.JSON.readTree(jsonValue).path("bodyBytes").asInt()).isEqualTo(brokenJson.length());
        assertThat(GatewayFixture.JSON.readTree(jsonValue).path("code").asText()).isEqualTo("invalid-batch");

        String encoded = java.util.Base64.getEncoder().encodeToString(notSnappy);
        DeadLetter remoteWrite = all.stream()
                .filter(letter -> new String(letter.getValue().array(), StandardCharsets.UTF_8).contains(encoded))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter for the invalid remote-write body"));
        assertThat(remoteWrite.getSourceTopic()).isEqualTo("HTTP POST /api/v1/write");
        assertThat(remoteWrite.getErrorMessage()).startsWith(remoteWriteAnswer.body().path("error").asText());
    }

    @Test
    void resentEventsAreDuplicates(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        long now = System.currentTimeMillis();
        String body = batch(source, List.of(nodeEvent(source + ":1", "edge-1", now, 1.0),
                nodeEvent(source + ":2", "edge-1", now, 1.1), nodeEvent(source + ":2", "edge-1", now, 1.1)));
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer first = postJson(gateway, body);
            GatewayFixture.Answer second = postJson(gateway, body);

            assertThat(first.accepted()).isEqualTo(2);
            assertThat(first.duplicates()).isEqualTo(1);
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.accepted()).isZero();
            assertThat(second.duplicates()).isEqualTo(3);
        }
        assertThat(eventIds(telemetryRecords(broker)).stream().filter(id -> id.startsWith(source)))
                .containsExactlyInAnyOrder(source + ":1", source + ":2");
    }

    @Test
    void sameEventIdFromTwoSourcesIsProducedForEach(EmbeddedKafkaBroker broker) throws Exception {
        String first = unique("agent");
        String second = unique("agent");
        String sharedId = unique("shared");
        long now = System.currentTimeMillis();
        String fromFirst = batch(first, List.of(nodeEvent(sharedId, "edge-1", now, 1.0)));
        String fromSecond = batch(second, List.of(nodeEvent(sharedId, "edge-2", now, 2.0)));
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            assertThat(postJson(gateway, fromFirst).accepted()).isEqualTo(1);
            assertThat(postJson(gateway, fromSecond).accepted()).isEqualTo(1);
        }
        try (IngestGateway restarted = GatewayFixture.start(settings(broker, registry))) {
            // After a restart each source's resend is still its own duplicate, and only its own.
            assertThat(postJson(restarted, fromFirst).duplicates()).isEqualTo(1);
            assertThat(postJson(restarted, fromSecond).duplicates()).isEqualTo(1);
            String third = unique("agent");
            assertThat(postJson(restarted, batch(third, List.of(nodeEvent(sharedId, "edge-3", now, 3.0)))).accepted())
                    .isEqualTo(1);
        }
        assertThat(eventIds(telemetryRecords(broker)).stream().filter(sharedId::equals)).hasSize(3);
    }

    @Test
    void acknowledgedEventsSurviveRestart(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        long now = System.currentTimeMillis();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(nodeEvent(source + ":" + i, "edge-" + (i % 5), now, 0.5));
        }
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            assertThat(postJson(gateway, batch(source, events)).accepted()).isEqualTo(50);
        }
        try (IngestGateway restarted = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer resend = postJson(restarted, batch(source, events));

            assertThat(resend.status()).isEqualTo(200);
            assertThat(resend.duplicates()).isEqualTo(50);
            assertThat(resend.accepted()).isZero();
        }
        List<String> produced = eventIds(telemetryRecords(broker)).stream().filter(id -> id.startsWith(source + ":")).toList();
        assertThat(produced).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void oversizedBodyAndBatchGet413(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        long now = System.currentTimeMillis();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(nodeEvent(source + ":" + i, "edge-1", now, 0.5));
        }
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry,
                IngestGatewayConfig.MAX_BODY_BYTES, 2_048, IngestGatewayConfig.MAX_BATCH_EVENTS, 5))) {
            GatewayFixture.Answer tooLarge = postJson(gateway, batch(source, events));
            GatewayFixture.Answer tooMany = postJson(gateway, batch(source, events.subList(0, 6)));

            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.body().path("error").asText()).contains("ingest.max.body.bytes = 2048");
            assertThat(tooMany.status()).isEqualTo(413);
            assertThat(tooMany.body().path("error").asText()).contains("6 events, more than the limit of 5");
        }
        assertThat(eventIds(telemetryRecords(broker))).noneMatch(id -> id.startsWith(source));
    }

    @Test
    void skewedEventTimeIsClampedOrRejected(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        long ahead = System.currentTimeMillis() + 3_600_000;
        try (IngestGateway clamping = GatewayFixture.start(settings(broker, registry))) {
            assertThat(postJson(clamping, batch(source, List.of(nodeEvent(source + ":1", "edge-1", ahead, 1)))).accepted())
                    .isEqualTo(1);
        }
        try (IngestGateway rejecting = GatewayFixture.start(settings(broker, registry,
                IngestGatewayConfig.SKEW_POLICY, "reject"))) {
            GatewayFixture.Answer answer = postJson(rejecting, batch(source, List.of(nodeEvent(source + ":2", "edge-1", ahead, 1))));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().path("rejected").get(0).path("code").asText()).isEqualTo("event-time-skew");
        }
        ConsumerRecord<byte[], byte[]> clamped = telemetryRecords(broker).stream()
                .filter(r -> eventIds(List.of(r)).get(0).equals(source + ":1")).findFirst().orElseThrow();
        assertThat(new String(clamped.headers().lastHeader("edgeplane.event-time.original").value()))
                .isEqualTo(Long.toString(ahead));
    }

    @Test
    void bearerTokenIsRequiredWhenSet(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        String body = batch(source, List.of(nodeEvent(source + ":1", "edge-1", System.currentTimeMillis(), 1)));
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry, IngestGatewayConfig.AUTH_TOKEN, "s3cret"))) {
            GatewayFixture.Answer missing = postJson(gateway, body);
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.response().headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(postJson(gateway, body, "Authorization", "Bearer wrong").status()).isEqualTo(401);
            assertThat(postJson(gateway, body, "Authorization", "Bearer S3cret").status()).isEqualTo(401);
            assertThat(postJson(gateway, body, "Authorization", "Bearer s3cret").accepted()).isEqualTo(1);
            // The scheme is case-insensitive in HTTP, but the token is not.
            assertThat(postJson(gateway, body, "Authorization", "bearer s3cret").duplicates()).isEqualTo(1);
        }
    }

    @Test
    void compressedJsonGets415(EmbeddedKafkaBroker broker) throws Exception {
        String source = unique("agent");
        String body = batch(source, List.of(nodeEvent(source + ":1", "edge-1", System.currentTimeMillis(), 1)));
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer gzip = postJson(gateway, body, "Content-Encoding", "gzip");

            assertThat(gzip.status()).isEqualTo(415);
            assertThat(gzip.body().path("error").asText()).contains("gzip").contains("uncompressed");
        }
    }

    @Test
    void remoteWriteSeriesBecomeNodeMetrics(EmbeddedKafkaBroker broker) throws Exception {
        String node = unique("rw");
        long now = System.currentTimeMillis();
        List<RemoteWritePayloads.Series> series = new ArrayList<>(RemoteWritePayloads.nodeSeries(node, now, 1.25));
        series.add(RemoteWritePayloads.series("up", node, 1, now));
        byte[] body = RemoteWritePayloads.compressed(series);
        try (IngestGateway gateway = GatewayFixture.start(settings(broker, registry))) {
            GatewayFixture.Answer first = postRemoteWrite(gateway, body);
            GatewayFixture.Answer resent = postRemoteWrite(gateway, body);

            assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
            assertThat(first.accepted()).isEqualTo(1);
            assertThat(resent.duplicates()).isEqualTo(1);
        }
        assertThat(eventIds(telemetryRecords(broker)))
                .containsOnlyOnce("prometheus:node-metrics:" + node + "@" + now);
    }
}
