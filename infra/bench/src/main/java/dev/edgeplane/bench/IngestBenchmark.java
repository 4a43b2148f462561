package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.edgeplane.bench.internal.BenchTopics;
import dev.edgeplane.bench.internal.GatewayLoad;
import dev.edgeplane.bench.internal.KeyedProducer;
import dev.edgeplane.bench.internal.ThreadCpu;
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
 * number of records, each one Avro-encoded NodeMetrics value of the gateway's shape with a node
 * key and an event-id header, sent from one thread by one producer with the gateway's producer
 * settings to a topic with as many partitions as {@code edgeplane.telemetry.node-metrics}.
 *
 * <p>After a warm-up of both sides, the run alternates {@code rounds} times: baseline, gateway,
 * ..., baseline. Each gateway round is divided by the mean of the baselines right before and after
 * it, and the figure is the median of those ratios. So load from other processes that changes
 * during the run does not favour one side. The HTTP clients run in the same JVM and share the CPUs
 * with the gateway. Alongside, the CPU time of each group of threads gives the cost per event of
 * each side apart from the wall clock; see {@link ThreadCpu} for what it leaves out. Record count
 * and size settings do not apply.
 */
public final class IngestBenchmark implements Benchmark {

    /** Lowest acceptable ratio of gateway to raw producer throughput. */
    public static final double TARGET_RATIO = 0.8;

    private static final String EVENTS = "events";
    private static final String BATCH = "batch";
    private static final String SENDERS = "senders";
    private static final String ROUNDS = "rounds";

    /** Thread groups of the CPU breakdown. */
    private static final String REQUESTS = "requests";
    private static final String PRODUCER_IO = "producer.io";
    private static final String SEND_LOOP = "send.loop";
    private static final String CLIENTS = "clients";
    private static final String BROKER = "broker";

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
        return Map.of(EVENTS, 200_000L, BATCH, 500L, SENDERS, 8L, ROUNDS, 3L);
    }

    /** Throughput and CPU nanoseconds by thread group of one measured phase. */
    private record Phase(double perSec, Map<String, Long> cpuNanos) {
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        int batch = (int) Math.min(settings.count(BATCH, 500), 5_000);
        int batches = (int) Math.max(1, settings.count(EVENTS, 200_000) / batch);
        long events = (long) batches * batch;
        int senders = (int) Math.min(settings.count(SENDERS, 8), 64);
        int rounds = (int) Math.max(1, Math.min(settings.count(ROUNDS, 3), 20));
        String runId = UUID.randomUUID().toString().substring(0, 8);

        progress.println("Starting an in-process Kafka broker and schema registry");
        progress.flush();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                        .port(0).build().start();
                BenchTopics topics = new BenchTopics(broker.bootstrapServers());
                KeyedProducer producer = new KeyedProducer(broker.bootstrapServers(), 64 * 1024, 5)) {
            provisionTelemetryTopics(broker.bootstrapServers());
            int partitions = TopicCatalog.NODE_METRICS.partitions();
            String baselineTopic = topics.create("ingest-baseline", partitions);
            byte[] value = encodedEvent(registry.url(), "bench-" + runId);
            Map<String, Object> gatewaySettings = Map.of(
                    IngestGatewayConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    IngestGatewayConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    IngestGatewayConfig.PORT, 0,
                    IngestGatewayConfig.MAX_BATCH_EVENTS, Math.max(batch, 5_000),
                    IngestGatewayConfig.MAX_PENDING_EVENTS, Math.max(50_000, batch * senders * 2));

            List<Phase> baselines = new ArrayList<>();
            List<Phase> gateways = new ArrayList<>();
            try (IngestGateway gateway = IngestGateway.start(gatewaySettings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                String url = gateway.baseUrl() + "/v1/telemetry";
                int warmupBatches = Math.max(senders * 2, batches / 2);
                progress.printf(Locale.ROOT, "Warming up: %,d baseline records of %d bytes to %s (%d partitions), then"
                        + " %,d gateway batches%n", events / 2, value.length, baselineTopic, partitions, warmupBatches);
                progress.flush();
                producer.produce(baselineTopic, events / 2, value, "bench-" + runId + "w");
                GatewayLoad.post(url, GatewayLoad.bodies(runId + "w", warmupBatches, batch, System.currentTimeMillis()),
                        senders, batch);

                baselines.add(baseline(producer, baselineTopic, events, value, runId + "b0", progress));
                for (int round = 1; round <= rounds; round++) {
                    List<String> bodies = GatewayLoad.bodies(runId + "r" + round, batches, batch, System.currentTimeMillis());
                    ThreadCpu.Snapshot before = ThreadCpu.snapshot();
                    long nanos = GatewayLoad.post(url, bodies, senders, batch);
                    gateways.add(new Phase(events / (nanos / 1e9), ThreadCpu.since(before, IngestBenchmark::group)));
                    progress.printf(Locale.ROOT, "Round %d of %d: gateway %,.0f events/s (%,d batches of %d from %d senders)%n",
                            round, rounds, gateways.get(round - 1).perSec(), batches, batch, senders);
                    progress.flush();
                    baselines.add(baseline(producer, baselineTopic, events, value, runId + "b" + round, progress));
                }
            }
            return result(events, batch, senders, value.length, baselines, gateways);
        }
    }

    private static Phase baseline(KeyedProducer producer, String topic, long events, byte[] value, String idPrefix,
            PrintWriter progress) {
        ThreadCpu.Snapshot before = ThreadCpu.snapshot();
        long nanos = producer.produce(topic, events, value, "bench-" + idPrefix);
        Phase phase = new Phase(events / (nanos / 1e9), ThreadCpu.since(before, IngestBenchmark::group));
        progress.printf(Locale.ROOT, "Baseline: %,.0f records/s%n", phase.perSec());
        progress.flush();
        return phase;
    }

    /** Groups threads by name: the harness's own, the gateway's, the producers', and the broker with the rest. */
    private static String group(String thread) {
        if (thread.startsWith(GatewayLoad.SENDER_THREAD_PREFIX) || thread.startsWith("HttpClient-")) {
            return CLIENTS;
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return PRODUCER_IO;
        }
        if (thread.startsWith("edgeplane-ingest-http-") || thread.equals("HTTP-Dispatcher")) {
            return REQUESTS;
        }
        return thread.equals("main") ? SEND_LOOP : BROKER;
    }

    private BenchmarkResult result(long events, int batch, int senders, int recordBytes, List<Phase> baselines,
            List<Phase> gateways) {
        double[] ratios = new double[gateways.size()];
        for (int round = 0; round < ratios.length; round++) {
            double baseline = (baselines.get(round).perSec() + baselines.get(round + 1).perSec()) / 2;
            ratios[round] = gateways.get(round).perSec() / baseline;
        }
        double ratio = median(ratios);
        Map<String, Long> gatewayCpu = sum(gateways);
        Map<String, Long> baselineCpu = sum(baselines);
        double gatewayEvents = (double) events * gateways.size();
        double baselineRecords = (double) events * baselines.size();
        long gatewayServerNanos = total(gatewayCpu) - gatewayCpu.getOrDefault(CLIENTS, 0L);
        long baselineNanos = total(baselineCpu);
        BenchmarkResult.Builder result = BenchmarkResult.builder(name())
                .figure("part", "ingest-gateway")
                .figure("events", events)
                .figure("batch.events", batch)
                .figure("senders", senders)
                .figure("rounds", gateways.size())
                .figure("record.bytes", recordBytes)
                .figure("gateway.events.per.sec", median(gateways.stream().mapToDouble(Phase::perSec).toArray()), 0)
                .figure("baseline.records.per.sec", median(baselines.stream().mapToDouble(Phase::perSec).toArray()), 0)
                .figure("ratios", java.util.Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.3f", r))
                        .collect(java.util.stream.Collectors.joining("/")))
                .figure("ratio", ratio, 3);
        if (ThreadCpu.supported()) {
            result.figure("gateway.cpu.us.per.event", gatewayServerNanos / gatewayEvents / 1e3, 2);
            for (String group : List.of(REQUESTS, PRODUCER_IO, BROKER, CLIENTS)) {
                result.figure("gateway.cpu.us.per.event." + group, gatewayCpu.getOrDefault(group, 0L) / gatewayEvents / 1e3, 2);
            }
            result.figure("baseline.cpu.us.per.record", baselineNanos / baselineRecords / 1e3, 2);
            for (String group : List.of(SEND_LOOP, PRODUCER_IO, BROKER)) {
                result.figure("baseline.cpu.us.per.record." + group,
                        baselineCpu.getOrDefault(group, 0L) / baselineRecords / 1e3, 2);
            }
            // The ratio the gateway would reach if both sides were limited only by CPU time.
            result.figure("cpu.ratio", (baselineNanos / baselineRecords) / (gatewayServerNanos / gatewayEvents), 3);
        }
        return result.figure("target.ratio", TARGET_RATIO, 2)
                .figure("within.target", Boolean.toString(ratio >= TARGET_RATIO))
                .build();
    }

    private static Map<String, Long> sum(List<Phase> phases) {
        Map<String, Long> total = new java.util.HashMap<>();
        phases.forEach(phase -> phase.cpuNanos().forEach((group, nanos) -> total.merge(group, nanos, Long::sum)));
        return total;
    }

    private static long total(Map<String, Long> cpuNanos) {
        return cpuNanos.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void provisionTelemetryTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(TopicCatalog.NODE_METRICS,
                    TopicCatalog.LINK_LATENCY, TopicCatalog.REPLICA_METRICS, TopicCatalog.DEAD_LETTER));
        }
    }

    /** Returns one NodeMetrics event in the wire format, as the gateway produces it. */
    private static byte[] encodedEvent(String registryUrl, String sourceId) {
        NodeMetrics event = NodeMetrics.newBuilder()
                .setNode("edge-123")
                .setEventTime(Instant.now())
                .setReceiveTime(Instant.now())
                .setSource(new TelemetrySource(SourceKind.SIMULATOR, sourceId))
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
