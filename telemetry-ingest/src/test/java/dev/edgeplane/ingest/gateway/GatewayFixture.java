package dev.edgeplane.ingest.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.infra.kafka.TopicLeaders;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Topics, a schema registry and helpers shared by the gateway tests: HTTP calls and topic reads. */
final class GatewayFixture {

    static final List<String> TELEMETRY_TOPICS = List.of(TopicCatalog.NODE_METRICS.name(),
            TopicCatalog.LINK_LATENCY.name(), TopicCatalog.REPLICA_METRICS.name());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayFixture() {
    }

    /** Creates the telemetry and dead-letter topics unless they exist. */
    static void createTopics(EmbeddedKafkaBroker broker) throws Exception {
        List<String> topics = new ArrayList<>(TELEMETRY_TOPICS);
        topics.add(DeadLetters.TOPIC);
        broker.createTopicsIfAbsent(3, topics);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // The gateway looks the topics up at start; right after creation they may not be listed yet.
            TopicLeaders.await(admin, topics, Duration.ofSeconds(30));
        }
    }

    static SchemaRegistryServer startRegistry(EmbeddedKafkaBroker broker) {
        return SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-ingest-gateway").port(0).build().start();
    }

    /** Returns gateway settings on a free port; {@code extra} overrides them. */
    static Map<String, Object> settings(EmbeddedKafkaBroker broker, SchemaRegistryServer registry, Object... extra) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(IngestGatewayConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(IngestGatewayConfig.SCHEMA_REGISTRY_URL, registry.url());
        settings.put(IngestGatewayConfig.PORT, 0);
        settings.put(IngestGatewayConfig.ACK_TIMEOUT_MS, 10_000L);
        for (int i = 0; i < extra.length; i += 2) {
            settings.put((String) extra[i], extra[i + 1]);
        }
        return settings;
    }

    static IngestGateway start(Map<String, Object> settings) {
        return IngestGateway.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** An HTTP answer with its parsed JSON body. */
    record Answer(int status, JsonNode body, HttpResponse<String> response) {
        int accepted() {
            return body.path("accepted").asInt(-1);
        }

        int duplicates() {
            return body.path("duplicates").asInt(-1);
        }
    }

    static Answer postJson(IngestGateway gateway, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/telemetry"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    static Answer postRemoteWrite(IngestGateway gateway, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/write"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> response) throws Exception {
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body, response);
    }

    /** Returns every record of the telemetry topics now, read from the beginning. */
    static List<ConsumerRecord<byte[], byte[]>> telemetryRecords(EmbeddedKafkaBroker broker) {
        return records(broker, TELEMETRY_TOPICS);
    }

    static List<ConsumerRecord<byte[], byte[]>> records(EmbeddedKafkaBroker broker, List<String> topics) {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("Reading " + topics + " to their end took more than 20 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** Returns the event ids in the records' headers. */
    static List<String> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> r.headers().lastHeader("edgeplane.event-id"))
                .map(h -> h == null ? "<none>" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    /** Returns a JSON node-metrics event with the given id and event time. */
    static String nodeEvent(String id, String node, long eventTimeMs, double cpuUsedCores) {
        return "{\"type\":\"node-metrics\",\"id\":\"" + id + "\",\"node\":\"" + node + "\",\"eventTime\":" + eventTimeMs
                + ",\"cpuUsedCores\":" + cpuUsedCores + ",\"cpuCapacityCores\":4.0,\"memoryUsedBytes\":1000000,"
                + "\"memoryCapacityBytes\":8000000000,\"rtBandwidthUsedCpus\":0.5,\"podCount\":7}";
    }

    static String linkEvent(String id, long eventTimeMs, double rttMicros) {
        return "{\"type\":\"link-latency\",\"id\":\"" + id + "\",\"sourceNode\":\"edge-1\",\"targetNode\":\"edge-2\","
                + "\"probeKind\":\"NODE_TO_NODE\",\"protocol\":\"TCP\",\"eventTime\":" + eventTimeMs
                + ",\"probeCount\":5,\"rttMicros\":" + rttMicros + ",\"jitterMicros\":40.0,\"lossRatio\":0.0}";
    }

    static String replicaEvent(String id, long eventTimeMs) {
        return "{\"type\":\"replica-metrics\",\"id\":\"" + id + "\",\"namespace\":\"city\",\"pod\":\"camera-a\","
                + "\"fogService\":\"camera\",\"node\":\"edge-1\",\"eventTime\":" + eventTimeMs + ",\"intervalMs\":1000,"
                + "\"latencyP50Ms\":12.0,\"latencyP95Ms\":30.0,\"latencyP99Ms\":45.5,\"requestRate\":120.0,"
                + "\"errorRate\":0.5,\"inFlight\":3,\"serviceMetrics\":{\"queue_depth\":4.0}}";
    }

    static String batch(String sourceId, List<String> events) {
        return "{\"source\":{\"kind\":\"EDGE_AGENT\",\"id\":\"" + sourceId + "\"},\"events\":[" + String.join(",", events) + "]}";
    }
}
