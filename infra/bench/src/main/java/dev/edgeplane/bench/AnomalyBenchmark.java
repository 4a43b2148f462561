package dev.edgeplane.bench;

import java.io.Closeable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.edgeplane.anomaly.AnomalyApplication;
import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.bench.internal.AnomalyWorkload;
import dev.edgeplane.bench.internal.DetectionLatencyRun;
import dev.edgeplane.bench.internal.ThreadCpu;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicSpec;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code edgeplane bench anomaly}: the anomaly application on the in-process broker with the schema
 * registry, exactly-once v2 and one stream thread.
 *
 * <p>Throughput: {@code events} telemetry events (half NodeMetrics, a third LinkLatency, the rest
 * ReplicaMetrics) of {@code nodes} nodes are produced first, then the application processes them
 * from the start; the time runs from its RUNNING state until its committed input offsets reach the
 * end. It is quoted as a ratio to the broker baseline ({@link BrokerBenchmark}) consuming as many
 * records of the same mean size in the same run, and as the stream thread's CPU time per event,
 * which depends far less than the rate on other processes sharing the CPUs. Detection latency: {@link DetectionLatencyRun}
 * with 2-second windows judged every 500 ms pane, 500 ms grace, one bad window to degrade and
 * {@code faults} faults.
 */
public final class AnomalyBenchmark implements Benchmark {

    public static final String NAME = "anomaly";

    static final int PARTITIONS = 6;
    static final long WINDOW_MS = 2_000;
    static final long PANE_MS = 500;
    static final long GRACE_MS = 500;

    /** Count names that set the commit interval and the clients' batching in the throughput and latency runs. */
    static final String COMMIT_MS = "commit.ms";
    static final String LINGER_MS = "linger.ms";
    static final String BATCH_BYTES = "batch.bytes";
    static final String MAX_POLL_RECORDS = "max.poll.records";

    /** Kafka Streams' {@code max.poll.records} for its consumers (4.4.0), in place of the consumer's 500. */
    static final long STREAMS_MAX_POLL_RECORDS = 1_000;

    /** The producer's default {@code batch.size} (Kafka clients 4.4.0), in bytes. */
    static final long PRODUCER_BATCH_BYTES = 16_384;

    /** Descheduling cycle quoted for comparison, in milliseconds: a periodic descheduler acts on snapshots. */
    static final long DESCHEDULER_INTERVAL_MS = 300_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Telemetry throughput of the anomaly application on one stream thread, and detection latency of injected"
                + " faults with 2 s windows.";
    }

    @Override
    public Map<String, Long> countDefaults() {
        Map<String, Long> defaults = new LinkedHashMap<>();
        defaults.put("events", 300_000L);
        defaults.put("nodes", 200L);
        defaults.put("faults", 50L);
        defaults.put("latency.nodes", 12L);
        defaults.put("pane.ms", PANE_MS);
        defaults.put(COMMIT_MS, AnomalyConfig.DEFAULT_COMMIT_INTERVAL_MS);
        defaults.put(LINGER_MS, (long) AnomalyApplication.DEFAULT_PRODUCER_LINGER_MS);
        defaults.put(BATCH_BYTES, PRODUCER_BATCH_BYTES);
        defaults.put(MAX_POLL_RECORDS, STREAMS_MAX_POLL_RECORDS);
        return defaults;
    }

    @Override
    public void validate(BenchmarkSettings settings) {
        Map<String, Long> counts = counts(settings);
        if (counts.get("nodes") < 2 || counts.get("latency.nodes") < 4) {
            throw new IllegalArgumentException("Invalid node counts nodes=" + counts.get("nodes") + ", latency.nodes="
                    + counts.get("latency.nodes") + ": use at least 2 and 4 nodes.");
        }
        long pane = counts.get("pane.ms");
        if (pane < 25 || WINDOW_MS % pane != 0) {
            throw new IllegalArgumentException("Invalid pane.ms=" + pane + ": use a divisor of the " + WINDOW_MS
                    + " ms window of at least 25, such as 500 or 2000 (tumbling windows).");
        }
        if (counts.get("events") < 1_000 || counts.get("faults") < 1) {
            throw new IllegalArgumentException("Invalid events=" + counts.get("events") + " or faults="
                    + counts.get("faults") + ": use at least 1000 events and 1 fault.");
        }
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        Map<String, Long> counts = counts(settings);
        Set<String> explicitCounts = settings.counts().keySet();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                        .topic("_schemas-bench-anomaly").port(0).build().start()) {
            String bootstrap = broker.bootstrapServers();
            RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            createTopics(bootstrap);
            Path stateDir = Files.createTempDirectory("edgeplane-bench-anomaly");

            BenchmarkResult.Builder result = BenchmarkResult.builder(NAME);
            try (KafkaProducer<String, SpecificRecord> producer = producer(bootstrap, client);
                    Closeable deleteState = () -> Utils.delete(stateDir.toFile())) {
                double meanBytes = throughput(bootstrap, client, producer, counts, explicitCounts, stateDir, progress,
                        result);
                BrokerThroughput baseline = BrokerBenchmark.measure(bootstrap,
                        new BenchmarkSettings(counts.get("events"), (int) Math.ceil(meanBytes)), progress);
                double eventsPerSec = Double.parseDouble(result.build().figures().get("events.per.sec"));
                result.figure("broker.records.per.sec", baseline.consumeRecordsPerSec(), 0);
                result.figure("baseline.ratio", eventsPerSec / baseline.consumeRecordsPerSec(), 3);
                latency(bootstrap, client, producer, counts, explicitCounts, stateDir, progress, result);
            }
            return result.build();
        } catch (java.io.IOException | InterruptedException | ExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BenchmarkException("The anomaly benchmark failed: " + e.getMessage(), e);
        }
    }

    private static double throughput(String bootstrap, RestSchemaRegistryClient client,
            KafkaProducer<String, SpecificRecord> producer, Map<String, Long> counts, Set<String> explicitCounts,
            Path stateDir, PrintWriter progress,
            BenchmarkResult.Builder result) throws InterruptedException, ExecutionException {
        int nodes = counts.get("nodes").intValue();
        long events = counts.get("events");
        AnomalyWorkload workload = new AnomalyWorkload("bench");
        SpecificAvroSerializer<SpecificRecord> sizer = new SpecificAvroSerializer<>(client);
        for (int i = 0; i < nodes; i++) {
            producer.send(new ProducerRecord<>(TopicCatalog.NODES.name(), workload.node(i), workload.inventory(i)));
            producer.send(new ProducerRecord<>(TopicCatalog.PLACEMENTS.name(), workload.podUid(i), workload.placement(i)));
        }

        progress.printf(Locale.ROOT, "Producing %,d telemetry events of %d nodes%n", events, nodes);
        progress.flush();
        long t0 = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        long bytes = 0;
        for (long n = 0; n < events; n++) {
            int node = (int) (n % nodes);
            long time = t0 + (n / nodes) * 100;
            ProducerRecord<String, SpecificRecord> record = switch ((int) (n % 6)) {
                case 0, 1, 2 -> new ProducerRecord<>(TopicCatalog.NODE_METRICS.name(), workload.node(node),
                        workload.metrics(node, time, 0.3 + node % 10 * 0.05));
                case 3, 4 -> new ProducerRecord<>(TopicCatalog.LINK_LATENCY.name(), workload.node(node),
                        workload.probe(node, nodes, time));
                default -> new ProducerRecord<>(TopicCatalog.REPLICA_METRICS.name(),
                        "city/" + workload.node(node) + "-camera", workload.replica(node, time));
            };
            if (n < 6) {
                bytes += sizer.serialize(record.topic(), record.value()).length;
            }
            producer.send(record);
        }
        producer.flush();

        Map<String, Object> settings = settings(bootstrap, "bench-anomaly-throughput", stateDir, counts, explicitCounts);
        try (AnomalyApplication application = AnomalyApplication.create(settings, client, new SimpleMeterRegistry())) {
            application.start();
            awaitRunning(application);
            ThreadCpu.Snapshot cpuBefore = ThreadCpu.snapshot();
            long start = System.nanoTime();
            awaitCaughtUp(bootstrap, "bench-anomaly-throughput", progress);
            double seconds = (System.nanoTime() - start) / 1e9;
            // CPU time, unlike the rate, hardly depends on how many other processes share the CPUs.
            long streamCpuNanos = ThreadCpu.since(cpuBefore, name -> name.contains("-StreamThread-") ? "stream" : "other")
                    .getOrDefault("stream", 0L);
            double rate = events / seconds;
            double cpuMicrosPerEvent = streamCpuNanos / 1e3 / events;
            progress.printf(Locale.ROOT, "Processed %,d events in %.2f s: %,.0f events/s on one stream thread, which"
                    + " used %.2f µs of CPU per event%n", events, seconds, rate, cpuMicrosPerEvent);
            progress.flush();
            result.figure("events", events);
            result.figure("pane.ms", counts.get("pane.ms"));
            result.figure(COMMIT_MS, counts.get(COMMIT_MS));
            for (String name : List.of(LINGER_MS, BATCH_BYTES, MAX_POLL_RECORDS)) {
                if (explicitCounts.contains(name)) {
                    result.figure(name, counts.get(name));
                }
            }
            result.figure("events.per.sec", rate, 0);
            result.figure("stream.cpu.us.per.event", cpuMicrosPerEvent, 2);
        }
        return bytes / 6.0;
    }

    private static void latency(String bootstrap, RestSchemaRegistryClient client,
            KafkaProducer<String, SpecificRecord> producer, Map<String, Long> counts, Set<String> explicitCounts,
            Path stateDir, PrintWriter progress,
            BenchmarkResult.Builder result) throws InterruptedException {
        int nodes = counts.get("latency.nodes").intValue();
        int faults = counts.get("faults").intValue();
        AnomalyWorkload workload = new AnomalyWorkload("latency");

        Map<String, Object> settings = settings(bootstrap, "bench-anomaly-latency", stateDir, counts, explicitCounts);
        settings.put("auto.offset.reset", "latest");
        settings.put(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 1);
        settings.put(AnomalyConfig.RECOVER_WINDOWS_CONFIG, 1);
        progress.printf(Locale.ROOT, "Injecting %d faults into %d live nodes (%d ms windows judged every %d ms pane,"
                + " %d ms grace, 1 bad window to degrade)%n", faults, nodes, WINDOW_MS, counts.get("pane.ms"), GRACE_MS);
        progress.flush();
        List<DetectionLatencyRun.Detection> detections;
        try (AnomalyApplication application = AnomalyApplication.create(settings, client, new SimpleMeterRegistry())) {
            application.start();
            awaitRunning(application);
            // After RUNNING: the application reads its input from the end, skipping the throughput events.
            for (int i = 0; i < nodes; i++) {
                producer.send(new ProducerRecord<>(TopicCatalog.NODES.name(), workload.node(i), workload.inventory(i)));
                producer.send(new ProducerRecord<>(TopicCatalog.PLACEMENTS.name(), workload.podUid(i),
                        workload.placement(i)));
            }
            producer.flush();
            DetectionLatencyRun run = new DetectionLatencyRun(bootstrap, client, workload, nodes, WINDOW_MS);
            detections = run.run(producer, faults, Duration.ofSeconds(30L + faults * 10L));
        }
        if (detections.isEmpty()) {
            throw new BenchmarkException("No injected fault led to a DegradedNode decision; check the application log.");
        }
        List<Long> latencies = detections.stream().map(DetectionLatencyRun.Detection::latencyMs).toList();
        List<Long> untilEnd = detections.stream().map(DetectionLatencyRun.Detection::untilWindowEndMs).toList();
        List<Long> afterEnd = detections.stream().map(DetectionLatencyRun.Detection::afterWindowEndMs).toList();
        long inFaultWindow = detections.stream()
                .filter(d -> d.untilWindowEndMs() <= WINDOW_MS).count();
        long p50 = DetectionLatencyRun.quantile(latencies, 0.50);
        long p99 = DetectionLatencyRun.quantile(latencies, 0.99);
        long goal = WINDOW_MS + GRACE_MS + 1_000;
        progress.printf(Locale.ROOT, "Detection latency over %d faults: p50 %d ms, p99 %d ms (goal %d ms; the"
                + " descheduler's default cycle is %d ms)%n", latencies.size(), p50, p99, goal, DESCHEDULER_INTERVAL_MS);
        progress.printf(Locale.ROOT, "  until the end of the decided window: p50 %d ms, p99 %d ms; after it (grace,"
                + " stream time, pipeline): p50 %d ms, p99 %d ms; %d of %d faults decided on the window they began in%n",
                DetectionLatencyRun.quantile(untilEnd, 0.50), DetectionLatencyRun.quantile(untilEnd, 0.99),
                DetectionLatencyRun.quantile(afterEnd, 0.50), DetectionLatencyRun.quantile(afterEnd, 0.99), inFaultWindow,
                detections.size());
        progress.flush();
        result.figure("faults", latencies.size());
        result.figure("detection.p50.ms", p50);
        result.figure("detection.p99.ms", p99);
        result.figure("detection.goal.ms", goal);
        // The split: time until the decided window ended, then grace, stream time and pipeline.
        result.figure("detection.until.window.end.p50.ms", DetectionLatencyRun.quantile(untilEnd, 0.50));
        result.figure("detection.until.window.end.p99.ms", DetectionLatencyRun.quantile(untilEnd, 0.99));
        result.figure("detection.after.window.end.p50.ms", DetectionLatencyRun.quantile(afterEnd, 0.50));
        result.figure("detection.after.window.end.p99.ms", DetectionLatencyRun.quantile(afterEnd, 0.99));
        result.figure("detection.in.fault.window", inFaultWindow);
        result.figure("descheduler.interval.ms", DESCHEDULER_INTERVAL_MS);
    }

    /**
     * Returns the application settings of one run. The client counts ({@code linger.ms}, {@code batch.bytes},
     * {@code max.poll.records}) are passed only when named in {@code explicitCounts}, so that the
     * application's defaults apply otherwise.
     */
    static Map<String, Object> settings(String bootstrap, String applicationId, Path stateDir,
            Map<String, Long> counts, Set<String> explicitCounts) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AnomalyConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, WINDOW_MS);
        settings.put(AnomalyConfig.WINDOW_PANE_MS_CONFIG, counts.get("pane.ms"));
        settings.put(AnomalyConfig.COMMIT_INTERVAL_MS_CONFIG, counts.get(COMMIT_MS));
        if (explicitCounts.contains(LINGER_MS)) {
            settings.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), counts.get(LINGER_MS));
        }
        if (explicitCounts.contains(BATCH_BYTES)) {
            settings.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                    counts.get(BATCH_BYTES).intValue());
        }
        if (explicitCounts.contains(MAX_POLL_RECORDS)) {
            settings.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
                    counts.get(MAX_POLL_RECORDS).intValue());
        }
        settings.put(AnomalyConfig.WINDOW_GRACE_MS_CONFIG, GRACE_MS);
        settings.put(AnomalyConfig.SILENCE_MS_CONFIG, 60_000L);
        settings.put(AnomalyConfig.BETTER_HOLD_MS_CONFIG, 60_000L);
        // Three windows: node-health partitions without nodes delay placement advice this long after start.
        settings.put(AnomalyConfig.ADVICE_WAIT_MS_CONFIG, 3 * WINDOW_MS);
        settings.put("auto.offset.reset", "earliest");
        return settings;
    }

    static void awaitRunning(AnomalyApplication application) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (application.streams().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || application.streams().state() == KafkaStreams.State.ERROR) {
                throw new BenchmarkException("The anomaly application did not reach RUNNING within 120 s; it is "
                        + application.streams().state());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the group's committed offsets reach the end of every telemetry partition. */
    private static void awaitCaughtUp(String bootstrap, String group, PrintWriter progress)
            throws InterruptedException, ExecutionException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicSpec spec : List.of(TopicCatalog.NODE_METRICS, TopicCatalog.LINK_LATENCY, TopicCatalog.REPLICA_METRICS)) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(spec.name(), p));
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                long behind = 0;
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata offset = committed.get(tp);
                    behind += ends.get(tp) - (offset == null ? 0 : offset.offset());
                }
                if (behind <= 0) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new BenchmarkException("The anomaly application did not process every event within 10 minutes.");
    }

    static void createTopics(String bootstrap) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpec spec : TopicCatalog.all()) {
                topics.add(new NewTopic(spec.name(), PARTITIONS, (short) 1).configs(spec.configs(1)));
            }
            admin.createTopics(topics).all().get();
            awaitLeaders(admin);
        }
    }

    /**
     * Waits until the leader of every new partition responds, because an idempotent producer that
     * meets NOT_LEADER_OR_FOLLOWER on a fresh partition can loop on OUT_OF_ORDER_SEQUENCE_NUMBER.
     */
    private static void awaitLeaders(Admin admin) throws InterruptedException {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        for (TopicSpec spec : TopicCatalog.all()) {
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(spec.name(), p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                admin.listOffsets(latest).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new BenchmarkException("The new topics got no leaders within 60 s: " + e.getCause().getMessage(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    static KafkaProducer<String, SpecificRecord> producer(String bootstrap, RestSchemaRegistryClient client) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        return new KafkaProducer<>(properties, new StringSerializer(), new SpecificAvroSerializer<>(client));
    }

    static Map<String, Long> counts(BenchmarkSettings settings) {
        Map<String, Long> counts = new HashMap<>(new AnomalyBenchmark().countDefaults());
        counts.putAll(settings.counts());
        return counts;
    }
}
