package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.edgeplane.bench.internal.BenchTopics;
import dev.edgeplane.bench.internal.GatewayLoad;
import dev.edgeplane.bench.internal.KeyedProducer;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.ingest.gateway.IngestGateway;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicProvisioner;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code edgeplane bench ingest}: events per second through the ingest gateway, as a ratio to the
 * raw producer throughput of the same in-process broker in the same run. The goal is a ratio of at
 * least {@value #TARGET_RATIO}.
 *
 * <p>Gateway figure ({@code ingest-gateway}): JSON batches of {@code batch} node-metrics events
 * (default 500) posted by {@code senders} client threads over HTTP on 127.0.0.1, parsed, validated,
 * serialized to Avro and produced with acks=all and idempotence; the time runs from the first post
 * to the last answer, and every answer comes after Kafka's acknowledgement. Baseline: the same
 * number of records, each one Avro-encoded NodeMetrics value with a node key and an event-id
 * header, sent by one producer with the gateway's producer settings to a topic with as many
 * partitions as {@code edgeplane.telemetry.node-metrics}, measured before and after the gateway;
 * the ratio uses the mean of the two. The HTTP clients run in the same JVM and
 * share the CPUs with the gateway. Record count and size settings do not apply.
 */
public final class IngestBenchmark implements Benchmark {

    /** Lowest acceptable ratio of gateway to raw producer throughput. */
    public static final double TARGET_RATIO = 0.8;

    private static final String EVENTS = "events";
    private static final String BATCH = "batch";
    private static final String SENDERS = "senders";

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "ingest gateway events/s for JSON batches of 500 node metrics, as a ratio to raw producer throughput";
    }

    @Override
    public Map<String, Long> countDefaults() {
        return Map.of(EVENTS, 200_000L, BATCH, 500L, SENDERS, 8L);
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        int batch = (int) Math.min(settings.count(BATCH, 500), 5_000);
        int batches = (int) Math.max(1, settings.count(EVENTS, 200_000) / batch);
        long events = (long) batches * batch;
        int senders = (int) Math.min(settings.count(SENDERS, 8), 64);
        String runId = UUID.randomUUID().toString().substring(0, 8);

        progress.println("Starting an in-process Kafka broker and schema registry");
        progress.flush();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                        .port(0).build().start();
                BenchTopics topics = new BenchTopics(broker.bootstrapServers())) {
            provisionTelemetryTopics(broker.bootstrapServers());
            int partitions = TopicCatalog.NODE_METRICS.partitions();
            String baselineTopic = topics.create("ingest-baseline", partitions);

            byte[] value = encodedEvent(registry.url());
            progress.printf(Locale.ROOT, "Baseline: producing %,d records of %d bytes to %s (%d partitions)%n", events,
                    value.length, baselineTopic, partitions);
            progress.flush();
            KeyedProducer producer = new KeyedProducer(broker.bootstrapServers(), 64 * 1024, 5);
            producer.produce(baselineTopic, Math.min(events, 20_000), value);
            double baselineBeforePerSec = events / (producer.produce(baselineTopic, events, value) / 1e9);
            progress.printf(Locale.ROOT, "Baseline before the gateway: %,.0f records/s%n", baselineBeforePerSec);

            List<String> warmup = GatewayLoad.bodies(runId + "w", Math.max(senders * 2, batches / 10), batch,
                    System.currentTimeMillis());
            List<String> bodies = GatewayLoad.bodies(runId, batches, batch, System.currentTimeMillis());
            Map<String, Object> gatewaySettings = Map.of(
                    IngestGatewayConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    IngestGatewayConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    IngestGatewayConfig.PORT, 0,
                    IngestGatewayConfig.MAX_BATCH_EVENTS, Math.max(batch, 5_000),
                    IngestGatewayConfig.MAX_PENDING_EVENTS, Math.max(50_000, batch * senders * 2));
            double gatewayPerSec;
            try (IngestGateway gateway = IngestGateway.start(gatewaySettings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                String url = gateway.baseUrl() + "/v1/telemetry";
                progress.printf(Locale.ROOT, "Gateway: warming up with %,d batches%n", warmup.size());
                progress.flush();
                GatewayLoad.post(url, warmup, senders, batch);
                progress.printf(Locale.ROOT, "Gateway: posting %,d batches of %d events from %d senders to %s%n", batches,
                        batch, senders, url);
                progress.flush();
                long gatewayNanos = GatewayLoad.post(url, bodies, senders, batch);
                gatewayPerSec = events / (gatewayNanos / 1e9);
            }
            progress.printf(Locale.ROOT, "Gateway: %,.0f events/s%n", gatewayPerSec);
            progress.flush();
            double baselineAfterPerSec = events / (producer.produce(baselineTopic, events, value) / 1e9);
            progress.printf(Locale.ROOT, "Baseline after the gateway: %,.0f records/s%n", baselineAfterPerSec);

            // The baseline runs before and after the gateway and the mean is used, so that a load
            // change on a shared machine during the run does not favour one side.
            double baselinePerSec = (baselineBeforePerSec + baselineAfterPerSec) / 2;
            double ratio = gatewayPerSec / baselinePerSec;
            return BenchmarkResult.builder(name())
                    .figure("part", "ingest-gateway")
                    .figure("events", events)
                    .figure("batch.events", batch)
                    .figure("senders", senders)
                    .figure("record.bytes", value.length)
                    .figure("gateway.events.per.sec", gatewayPerSec, 0)
                    .figure("baseline.records.per.sec", baselinePerSec, 0)
                    .figure("baseline.before.records.per.sec", baselineBeforePerSec, 0)
                    .figure("baseline.after.records.per.sec", baselineAfterPerSec, 0)
                    .figure("ratio", ratio, 3)
                    .figure("target.ratio", TARGET_RATIO, 2)
                    .figure("within.target", Boolean.toString(ratio >= TARGET_RATIO))
                    .build();
        }
    }

    private static void provisionTelemetryTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(TopicCatalog.NODE_METRICS,
                    TopicCatalog.LINK_LATENCY, TopicCatalog.REPLICA_METRICS, TopicCatalog.DEAD_LETTER));
        }
    }

    /** Returns one NodeMetrics event in the wire format, as the gateway produces it. */
    private static byte[] encodedEvent(String registryUrl) {
        NodeMetrics event = NodeMetrics.newBuilder()
                .setNode("edge-123")
                .setEventTime(Instant.now())
                .setReceiveTime(Instant.now())
                .setSource(new TelemetrySource(SourceKind.SIMULATOR, "bench"))
                .setCpuUsedCores(1.25)
                .setCpuCapacityCores(4.0)
                .setMemoryUsedBytes(1_000_123_456L)
                .setMemoryCapacityBytes(8_589_934_592L)
                .setRtBandwidthUsedCpus(0.25)
                .setPodCount(17)
                .build();
        try (SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>()) {
            serializer.configure(Map.of("schema.registry.url", registryUrl), false);
            return serializer.serialize(TopicCatalog.NODE_METRICS.name(), event);
        }
    }
}
