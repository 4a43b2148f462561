package dev.edgeplane.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.edgeplane.anomaly.AnomalyApplication;
import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.bench.internal.DetectionLatencyRun;
import dev.edgeplane.bench.internal.LoopDelayRun;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.lb.LbUpdater;
import dev.edgeplane.lb.LbUpdaterConfig;
import dev.edgeplane.lb.act.http.WeightsStore;
import dev.edgeplane.lb.decide.WeightPlannerConfig;
import dev.edgeplane.lb.observe.EndpointAddress;
import dev.edgeplane.lb.observe.StaticEndpointDirectory;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code edgeplane bench lb-loop}: the delay of the load-balancing loop on the in-process broker,
 * from the end of a replica window to the weights record that acts on it. It runs the anomaly
 * application (exactly-once v2, one stream thread, replica windows of {@code window.ms} with
 * {@code grace.ms} grace) and the {@code edgeplane lb} updater (planning every {@code plan.ms}) in
 * this JVM, and {@link LoopDelayRun} injects {@code faults} failing replicas among
 * {@code replicas}, each reporting every {@code report.ms}.
 *
 * <p>The figures are the delay's p50, p90, p99 and maximum in milliseconds. They cover the grace,
 * the wait for a record that moves stream time past it, the stream application's commit, the
 * updater's wait for its next planning cycle and the records' way through the broker. They do not
 * cover a node applier's {@code iptables-restore} run.
 */
public final class LbLoopBenchmark implements Benchmark {

    public static final String NAME = "lb-loop";

    /** Back-off after an ejection: short, so that a healed replica is weighted again soon after. */
    private static final long EJECTION_BACKOFF_MS = 1_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Delay from the end of a replica window to the weights record that ejects a failing replica, through"
                + " the anomaly application and the lb updater on the in-process broker.";
    }

    @Override
    public Map<String, Long> countDefaults() {
        Map<String, Long> defaults = new LinkedHashMap<>();
        defaults.put("faults", 30L);
        defaults.put("replicas", 6L);
        defaults.put("window.ms", 250L);
        defaults.put("grace.ms", 100L);
        defaults.put("report.ms", 100L);
        defaults.put("plan.ms", 100L);
        return defaults;
    }

    @Override
    public void validate(BenchmarkSettings settings) {
        Map<String, Long> counts = counts(settings);
        if (counts.get("faults") < 1 || counts.get("replicas") < 3) {
            throw new IllegalArgumentException("Invalid faults=" + counts.get("faults") + " or replicas="
                    + counts.get("replicas") + ": use at least 1 fault and 3 replicas.");
        }
        if (counts.get("window.ms") < 100 || counts.get("report.ms") < 10 || counts.get("plan.ms") < 10
                || counts.get("grace.ms") < 0) {
            throw new IllegalArgumentException("Invalid window.ms=" + counts.get("window.ms") + ", report.ms="
                    + counts.get("report.ms") + ", plan.ms=" + counts.get("plan.ms") + " or grace.ms="
                    + counts.get("grace.ms") + ": use a window of at least 100 ms, report and plan intervals of at"
                    + " least 10 ms, and a grace of at least 0 ms.");
        }
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        Map<String, Long> counts = counts(settings);
        int replicas = counts.get("replicas").intValue();
        int faults = counts.get("faults").intValue();
        long windowMs = counts.get("window.ms");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                        .topic("_schemas-bench-lb-loop").port(0).build().start()) {
            String bootstrap = broker.bootstrapServers();
            RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            AnomalyBenchmark.createTopics(bootstrap);
            Path stateDir = Files.createTempDirectory("edgeplane-bench-lb-loop");

            progress.printf(Locale.ROOT, "Injecting %d failing replicas among %d (replica windows of %d ms with %d ms"
                    + " grace, a report every %d ms, a plan every %d ms)%n", faults, replicas, windowMs,
                    counts.get("grace.ms"), counts.get("report.ms"), counts.get("plan.ms"));
            progress.flush();
            List<Long> delays;
            try (KafkaProducer<String, SpecificRecord> producer = AnomalyBenchmark.producer(bootstrap, client);
                    Closeable deleteState = () -> Utils.delete(stateDir.toFile());
                    AnomalyApplication application = AnomalyApplication.create(
                            anomalySettings(bootstrap, stateDir, counts), client, new SimpleMeterRegistry())) {
                application.start();
                AnomalyBenchmark.awaitRunning(application);
                try (LbUpdater updater = LbUpdater.start(updaterSettings(bootstrap, registry.url(), counts),
                        directory(replicas), new WeightsStore(), null, new SimpleMeterRegistry(), Clock.systemUTC())) {
                    LoopDelayRun run = new LoopDelayRun(bootstrap, client, replicas, windowMs, counts.get("report.ms"));
                    delays = run.run(producer, faults, Duration.ofSeconds(60L + faults * 10L));
                }
            }
            if (delays.isEmpty()) {
                throw new BenchmarkException("No failing replica was ejected in a weights record; check the log of the"
                        + " anomaly application and the updater.");
            }
            return result(delays, counts, progress);
        } catch (IOException | InterruptedException | ExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BenchmarkException("The lb-loop benchmark failed: " + e.getMessage(), e);
        }
    }

    private static BenchmarkResult result(List<Long> delays, Map<String, Long> counts, PrintWriter progress) {
        long p50 = DetectionLatencyRun.quantile(delays, 0.50);
        long p90 = DetectionLatencyRun.quantile(delays, 0.90);
        long p99 = DetectionLatencyRun.quantile(delays, 0.99);
        long max = delays.stream().mapToLong(Long::longValue).max().orElseThrow();
        progress.printf(Locale.ROOT, "Window end to weights record over %d ejections: p50 %d ms, p90 %d ms, p99 %d ms,"
                + " max %d ms%n", delays.size(), p50, p90, p99, max);
        progress.flush();

        BenchmarkResult.Builder result = BenchmarkResult.builder(NAME);
        counts.forEach((key, value) -> {
            if (!key.equals("faults")) {
                result.figure(key, value);
            }
        });
        result.figure("ejections", delays.size());
        result.figure("delay.p50.ms", p50);
        result.figure("delay.p90.ms", p90);
        result.figure("delay.p99.ms", p99);
        result.figure("delay.max.ms", max);
        return result.build();
    }

    private static Map<String, Object> anomalySettings(String bootstrap, Path stateDir, Map<String, Long> counts) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AnomalyConfig.APPLICATION_ID_CONFIG, "bench-lb-loop");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(AnomalyConfig.REPLICA_WINDOW_SIZE_MS_CONFIG, counts.get("window.ms"));
        settings.put(AnomalyConfig.REPLICA_WINDOW_GRACE_MS_CONFIG, counts.get("grace.ms"));
        settings.put("auto.offset.reset", "earliest");
        return settings;
    }

    private static Map<String, Object> updaterSettings(String bootstrap, String registryUrl, Map<String, Long> counts) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LbUpdaterConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(LbUpdaterConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(LbUpdaterConfig.APPLICATION_ID, "bench-lb-loop-updater");
        settings.put(LbUpdaterConfig.PLAN_INTERVAL_MS, counts.get("plan.ms"));
        settings.put(WeightPlannerConfig.EJECTION_BACKOFF_INITIAL_MS, EJECTION_BACKOFF_MS);
        return settings;
    }

    private static StaticEndpointDirectory directory(int replicas) {
        Map<String, EndpointAddress> addresses = new HashMap<>();
        for (int i = 0; i < replicas; i++) {
            addresses.put("loop/" + LoopDelayRun.pod(i), new EndpointAddress("10.9.0." + (i + 1), 8080, true));
        }
        return new StaticEndpointDirectory(addresses);
    }

    private static Map<String, Long> counts(BenchmarkSettings settings) {
        Map<String, Long> counts = new LinkedHashMap<>(new LbLoopBenchmark().countDefaults());
        counts.putAll(settings.counts());
        return counts;
    }
}
