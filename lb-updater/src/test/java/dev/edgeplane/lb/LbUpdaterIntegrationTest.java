package dev.edgeplane.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.lb.act.DryRunApplier;
import dev.edgeplane.lb.act.http.WeightsHttpConfig;
import dev.edgeplane.lb.act.http.WeightsHttpServer;
import dev.edgeplane.lb.act.http.WeightsStore;
import dev.edgeplane.lb.decide.EndpointState;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.ServicePlan;
import dev.edgeplane.lb.metrics.MetricsHttpServer;
import dev.edgeplane.lb.observe.EndpointAddress;
import dev.edgeplane.lb.observe.StaticEndpointDirectory;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The updater against a real broker and schema registry, from scores and probes to published weights. */
@WithKafkaBroker
class LbUpdaterIntegrationTest {

    private static final List<String> TOPICS = List.of(TopicCatalog.REPLICA_SCORES.name(),
            TopicCatalog.LINK_LATENCY.name(), TopicCatalog.LB_WEIGHTS.name(), TopicCatalog.AUDIT_ACTIONS.name(),
            DeadLetters.TOPIC);

    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopicsIfAbsent(2, TOPICS);
        registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-lb-updater").port(0).build().start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void slowReplicaGetsLessWeight(EmbeddedKafkaBroker broker) throws Exception {
        Instant now = Instant.now();
        produceInputs(broker, now, "city", true);
        WeightsStore store = new WeightsStore();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StaticEndpointDirectory directory = new StaticEndpointDirectory(Map.of(
                "city/camera-a", new EndpointAddress("10.0.0.1", 8080, true),
                "city/camera-b", new EndpointAddress("10.0.0.2", 8080, true),
                "city/camera-slow", new EndpointAddress("10.0.0.3", 8080, true)));
        Map<String, Object> settings = Map.of(
                LbUpdaterConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                LbUpdaterConfig.SCHEMA_REGISTRY_URL, registry.url(),
                LbUpdaterConfig.PLAN_INTERVAL_MS, 200L,
                LbUpdaterConfig.NODE, "edge-1");
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String scraped;

        Map<String, ServiceWeights> latest = new HashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        Set<String> published = new HashSet<>();
        List<ActionAudit> pushes = new ArrayList<>();
        try (LbUpdater updater = LbUpdater.start(settings, directory, store,
                new DryRunApplier(new PrintStream(printed, true, StandardCharsets.UTF_8)), meters, Clock.systemUTC());
                MetricsHttpServer metrics = MetricsHttpServer.start("127.0.0.1", 0, meters);
                KafkaConsumer<String, byte[]> weights = consumer(broker, TopicCatalog.LB_WEIGHTS.name());
                KafkaConsumer<String, byte[]> dead = consumer(broker, DeadLetters.TOPIC);
                KafkaConsumer<String, byte[]> audit = consumer(broker, TopicCatalog.AUDIT_ACTIONS.name())) {
            SpecificAvroDeserializer<ServiceWeights> weightsReader = TestClients.reader(registry.url());
            SpecificAvroDeserializer<DeadLetter> deadReader = TestClients.reader(registry.url());
            SpecificAvroDeserializer<ActionAudit> auditReader = TestClients.reader(registry.url());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : weights.poll(Duration.ofMillis(100))) {
                    // Other test classes share the broker but use their own registries, so their
                    // records do not decode with this one.
                    if (record.key().startsWith("city/camera@") && record.value() != null) {
                        ServiceWeights set = weightsReader.deserialize(record.topic(), record.value());
                        latest.put(record.key(), set);
                        published.add(record.key() + "#" + set.getGeneration());
                    }
                }
                for (ConsumerRecord<String, byte[]> record : audit.poll(Duration.ofMillis(100))) {
                    if (record.key().startsWith("city/camera@")) {
                        pushes.add(auditReader.deserialize(record.topic(), record.value()));
                    }
                }
                for (ConsumerRecord<String, byte[]> record : dead.poll(Duration.ofMillis(100))) {
                    deadLetters.add(deadReader.deserialize(record.topic(), record.value()));
                }
                assertThat(latest).containsKeys("city/camera@edge-1", "city/camera@edge-2");
                assertThat(deadLetters).hasSize(1);
                assertThat(pushes).extracting(ActionAudit::getDecisionId)
                        .anySatisfy(id -> assertThat(id).startsWith("city/camera@edge-1#"))
                        .anySatisfy(id -> assertThat(id).startsWith("city/camera@edge-2#"));
            });
            assertThat(updater.isRunning()).isTrue();
            scraped = scrape(metrics.port());
        }

        // Every push names a weight set that was published, and acknowledged sets succeed.
        assertThat(pushes).allSatisfy(push -> {
            assertThat(push.getKind()).isEqualTo(ActionKind.WEIGHT_PUSH);
            assertThat(push.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
            assertThat(published).contains(push.getDecisionId());
            assertThat(push.getWeightsGeneration()).isPositive();
        });
        for (ServiceWeights set : latest.values()) {
            assertThat(set.getEndpoints().stream().mapToDouble(EndpointWeight::getWeight).sum())
                    .as("weight sum of %s", set.getClientNode()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(weightOf(set, "camera-slow")).as("slow replica from %s", set.getClientNode())
                    .isLessThan(weightOf(set, "camera-a"));
            assertThat(set.getGeneration()).isPositive();
        }
        ServiceWeights fromEdge1 = latest.get("city/camera@edge-1");
        assertThat(fromEdge1.getClientNode()).isEqualTo("edge-1");
        assertThat(endpoint(fromEdge1, "camera-slow").getLatencyP95Ms()).isEqualTo(150.0);
        assertThat(endpoint(fromEdge1, "camera-b").getNetworkRttMicros()).isEqualTo(4_000.0);
        assertThat(deadLetters.get(0).getSourceTopic()).isEqualTo(TopicCatalog.REPLICA_SCORES.name());
        assertThat(store.get(new ServiceKey("city", "camera"))).isPresent();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("10.0.0.3:8080");
        assertThat(meters.counter("edgeplane.lb.records", "topic", TopicCatalog.REPLICA_SCORES.name(),
                "status", "rejected").count()).isEqualTo(1.0);
        assertThat(scraped).containsPattern("(?m)^edgeplane_lb_plans_total [1-9]");
        assertThat(scraped).containsPattern("(?m)^edgeplane_lb_publish_latency_seconds_count\\{status=\"acknowledged\"} [1-9]");
        assertThat(scraped).containsPattern("(?m)^edgeplane_lb_generation [1-9]");
        assertThat(scraped).containsPattern("(?m)^edgeplane_lb_endpoints_ejected 0");
        assertThat(scraped).containsPattern("(?m)^edgeplane_lb_services [1-9]");
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MetricsHttpServer.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void generationsResumeAfterRestart(EmbeddedKafkaBroker broker) {
        produceInputs(broker, Instant.now(), "town", false);
        StaticEndpointDirectory directory = new StaticEndpointDirectory(Map.of(
                "town/camera-a", new EndpointAddress("10.0.1.1", 8080, true),
                "town/camera-b", new EndpointAddress("10.0.1.2", 8080, true),
                "town/camera-slow", new EndpointAddress("10.0.1.3", 8080, true)));
        Map<String, Object> settings = Map.of(
                LbUpdaterConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                LbUpdaterConfig.SCHEMA_REGISTRY_URL, registry.url(),
                LbUpdaterConfig.PLAN_INTERVAL_MS, 100L,
                LbUpdaterConfig.APPLICATION_ID, "lb-restart-test");
        SpecificAvroDeserializer<ServiceWeights> weightsReader = TestClients.reader(registry.url());
        List<Long> generations = new ArrayList<>();

        try (KafkaConsumer<String, byte[]> weights = TestClients.consumer(broker, TopicCatalog.LB_WEIGHTS.name(), "lb-restart-test")) {
            try (LbUpdater first = LbUpdater.start(settings, directory, new WeightsStore(), null,
                    new SimpleMeterRegistry(), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    collectGenerations(weights, weightsReader, generations);
                    assertThat(generations).anySatisfy(generation -> assertThat(generation).isGreaterThanOrEqualTo(3));
                });
            }
            // The first run is closed and flushed: every record it published is in the topic now.
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(collectGenerations(weights, weightsReader, generations)).isZero());
            long lastOfFirstRun = generations.stream().mapToLong(Long::longValue).max().orElseThrow();
            generations.clear();

            try (LbUpdater second = LbUpdater.start(settings, directory, new WeightsStore(), null,
                    new SimpleMeterRegistry(), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    collectGenerations(weights, weightsReader, generations);
                    assertThat(generations).isNotEmpty();
                });
            }
            assertThat(generations.get(0)).as("first generation after the restart").isEqualTo(lastOfFirstRun + 1);
            assertThat(generations).allSatisfy(generation -> assertThat(generation).isGreaterThan(lastOfFirstRun));
        }
    }

    @Test
    void restartServesRestoredWeightsAtOnce(EmbeddedKafkaBroker broker) throws Exception {
        produceInputs(broker, Instant.now(), "harbour", false);
        StaticEndpointDirectory directory = new StaticEndpointDirectory(Map.of(
                "harbour/camera-a", new EndpointAddress("10.0.2.1", 8080, true),
                "harbour/camera-b", new EndpointAddress("10.0.2.2", 8080, true),
                "harbour/camera-slow", new EndpointAddress("10.0.2.3", 8080, true)));
        Map<String, Object> settings = new HashMap<>(Map.of(
                LbUpdaterConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                LbUpdaterConfig.SCHEMA_REGISTRY_URL, registry.url(),
                LbUpdaterConfig.PLAN_INTERVAL_MS, 100L,
                LbUpdaterConfig.APPLICATION_ID, "lb-restore-serve-test"));
        ServiceKey service = new ServiceKey("harbour", "camera");
        WeightsStore firstStore = new WeightsStore();
        try (LbUpdater first = LbUpdater.start(settings, directory, firstStore, null, new SimpleMeterRegistry(),
                Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(firstStore.get(service)).hasValueSatisfying(plan ->
                            assertThat(plan.generation()).isGreaterThanOrEqualTo(2)));
        }
        // close() flushed the producer after the last cycle, so the last stored plan is the last published.
        ServicePlan last = firstStore.get(service).orElseThrow();

        // No plan within the test: whatever the API serves comes from the weights topic.
        settings.put(LbUpdaterConfig.PLAN_INTERVAL_MS, 600_000L);
        settings.put(LbUpdaterConfig.REPLICA_EXPIRY_MS, 600_000L);
        settings.put(LbUpdaterConfig.NODE, "edge-1");
        WeightsStore secondStore = new WeightsStore();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        JsonNode served;
        try (WeightsHttpServer http = WeightsHttpServer.start(WeightsHttpConfig.from(Map.of(WeightsHttpConfig.PORT, 0)),
                secondStore);
                LbUpdater second = LbUpdater.start(settings, directory, secondStore,
                        new DryRunApplier(new PrintStream(printed, true, StandardCharsets.UTF_8)),
                        new SimpleMeterRegistry(), Clock.systemUTC())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port() + "/v1/weights/harbour/camera")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
            served = new ObjectMapper().readTree(response.body());
            assertThat(second.isRunning()).isTrue();
        }

        assertThat(served.get("generation").asLong()).isEqualTo(last.generation());
        assertThat(served.get("plannedAtMs").asLong()).isEqualTo(last.plannedAtMs());
        for (String node : last.clientNodes()) {
            Map<String, Double> expected = last.forNode(node).weightsByPod();
            JsonNode byEndpoint = served.get("nodes").get(node);
            assertThat(byEndpoint).as("weights for %s", node).hasSize(expected.size());
            for (JsonNode endpoint : byEndpoint) {
                assertThat(endpoint.get("weight").asDouble()).as("weight of %s from %s", endpoint.get("pod"), node)
                        .isEqualTo(expected.get(endpoint.get("pod").asText()));
            }
        }
        assertThat(served.get("endpoints")).extracting(endpoint -> endpoint.get("state").asText())
                .containsOnly(EndpointState.RESTORED.name());
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("rules applied from the restored weights")
                .contains("10.0.2.1:8080", "10.0.2.3:8080");
    }

    /** Adds the generations of the town service's records in topic order; returns how many were new. */
    private static int collectGenerations(KafkaConsumer<String, byte[]> weights,
            SpecificAvroDeserializer<ServiceWeights> weightsReader, List<Long> generations) {
        int added = 0;
        for (ConsumerRecord<String, byte[]> record : weights.poll(Duration.ofMillis(100))) {
            if (record.key().startsWith("town/") && record.value() != null) {
                generations.add(weightsReader.deserialize(record.topic(), record.value()).getGeneration());
                added++;
            }
        }
        return added;
    }

    private static void produceInputs(EmbeddedKafkaBroker broker, Instant now, String namespace, boolean withBroken) {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer());
                SpecificAvroSerializer<ReplicaScore> scores = TestClients.writer(registry.url());
                SpecificAvroSerializer<LinkLatency> probes = TestClients.writer(registry.url())) {
            String scoreTopic = TopicCatalog.REPLICA_SCORES.name();
            for (ReplicaScore score : List.of(score(namespace, "camera-a", "edge-1", 20.0, now),
                    score(namespace, "camera-b", "edge-2", 20.0, now),
                    score(namespace, "camera-slow", "edge-2", 150.0, now))) {
                producer.send(new ProducerRecord<>(scoreTopic, key(score.getPod()), scores.serialize(scoreTopic, score)));
            }
            if (withBroken) {
                producer.send(new ProducerRecord<>(scoreTopic, key("broken"), "not avro".getBytes(StandardCharsets.UTF_8)));
            }
            String probeTopic = TopicCatalog.LINK_LATENCY.name();
            producer.send(new ProducerRecord<>(probeTopic, key("edge-2"), probes.serialize(probeTopic, probe("edge-1", "edge-2", now))));
            producer.send(new ProducerRecord<>(probeTopic, key("edge-1"), probes.serialize(probeTopic, probe("edge-2", "edge-1", now))));
            producer.flush();
        }
    }

    private static ReplicaScore score(String namespace, String pod, String node, double p95Ms, Instant windowEnd) {
        return ReplicaScore.newBuilder()
                .setNamespace(namespace).setPod(pod).setFogService("camera").setNode(node)
                .setWindowStart(windowEnd.minusSeconds(10)).setWindowEnd(windowEnd)
                .setScore(80.0).setSampleCount(10).setLatencyP95Ms(p95Ms)
                .setRequestRate(50.0).setErrorRatio(0.0).setMeanInFlight(1.0)
                .build();
    }

    private static LinkLatency probe(String from, String to, Instant at) {
        return LinkLatency.newBuilder()
                .setSourceNode(from).setTargetNode(to)
                .setProbeKind(ProbeKind.NODE_TO_NODE).setProtocol(ProbeProtocol.ICMP)
                .setEventTime(at).setReceiveTime(at)
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT).setId(from).build())
                .setProbeCount(5).setRttMicros(4_000.0).setJitterMicros(100.0).setLossRatio(0.0)
                .build();
    }

    private static EndpointWeight endpoint(ServiceWeights set, String pod) {
        return set.getEndpoints().stream().filter(e -> e.getPod().equals(pod)).findFirst().orElseThrow();
    }

    private static double weightOf(ServiceWeights set, String pod) {
        return endpoint(set, pod).getWeight();
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer(EmbeddedKafkaBroker broker, String topic) {
        return TestClients.consumer(broker, topic, "lb-updater-test-" + topic);
    }
}
