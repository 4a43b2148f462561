package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.infra.kafka.TopicLeaders;
import dev.edgeplane.ingest.simulate.CitySimulator;
import dev.edgeplane.ingest.simulate.KafkaTelemetrySink;
import dev.edgeplane.ingest.simulate.SimulationRunner;
import dev.edgeplane.ingest.simulate.SimulatorConfig;
import dev.edgeplane.ingest.simulate.TelemetrySink;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code edgeplane bench simulate}: events per second the city simulator produces into Kafka, Avro
 * through the schema registry, with the virtual clock running as fast as the broker accepts, against
 * the raw producer throughput of the same broker in the same run ({@link BrokerBenchmark}) for
 * records of the simulator's mean encoded size. The target is {@value #TARGET_EVENTS_PER_SEC}
 * events per second.
 *
 * <p>The simulator's span runs from its first send to the acknowledgement of its last record, as
 * the baseline's does. A warm-up of a tenth of the events runs first on the same producer.
 */
public final class SimulateBenchmark implements Benchmark {

    public static final String NAME = "simulate";
    public static final long TARGET_EVENTS_PER_SEC = 200_000;
    static final String NODES = "nodes";
    static final String THREADS = "threads";
    private static final int PARTITIONS = BrokerBenchmark.PARTITIONS;
    /** 2026-03-02 08:00 UTC: the morning peak, a fixed start so runs compare. */
    private static final long START_EPOCH_MS = 1_772_438_400_000L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "City simulator events per second into Kafka (Avro, virtual clock), as a ratio to the raw producer baseline.";
    }

    @Override
    public Map<String, Long> countDefaults() {
        Map<String, Long> defaults = new LinkedHashMap<>();
        defaults.put(NODES, 10_000L);
        defaults.put(THREADS, 2L);
        return defaults;
    }

    @Override
    public void validate(BenchmarkSettings settings) {
        long nodes = settings.count(NODES, 10_000);
        if (nodes < 4 || nodes > 10_000) {
            throw new IllegalArgumentException("Invalid count nodes=" + nodes + ": the simulator builds 4 to 10000 nodes.");
        }
        long threads = settings.count(THREADS, 2);
        if (threads > 16) {
            throw new IllegalArgumentException("Invalid count threads=" + threads + ": use 1 to 16.");
        }
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        validate(settings);
        int nodes = Math.toIntExact(settings.count(NODES, 10_000));
        int threads = Math.toIntExact(settings.count(THREADS, 2));
        progress.println("Starting an in-process Kafka broker and schema registry");
        progress.flush();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                        .port(0).build().start()) {
            createTelemetryTopics(broker.bootstrapServers());
            SimulatorConfig config = config(broker.bootstrapServers(), registry.url(), nodes);
            int meanBytes = meanEncodedBytes(config, registry.url());
            progress.printf("Simulator events average %d bytes encoded%n", meanBytes);

            progress.printf("Simulating %d nodes on %d threads until %,d events are produced%n", nodes, threads,
                    settings.records());
            progress.flush();
            long simulateNanos;
            long events;
            try (KafkaTelemetrySink sink = new KafkaTelemetrySink(config)) {
                CitySimulator simulator = CitySimulator.create(config, 0);
                long warmupTicks = ticksFor(simulator, Math.max(1, settings.records() / 10));
                new SimulationRunner(simulator, sink, true, 0, System::currentTimeMillis, threads)
                        .run(0, warmupTicks);
                sink.flush();
                long sentBefore = sink.sent();
                long started = System.nanoTime();
                new SimulationRunner(simulator, sink, true, 0, System::currentTimeMillis, threads)
                        .run(warmupTicks, warmupTicks + ticksFor(simulator, settings.records()));
                sink.flush();
                simulateNanos = System.nanoTime() - started;
                events = sink.sent() - sentBefore;
                sink.throwIfFailed();
            }
            double eventsPerSec = events / (simulateNanos / 1e9);
            progress.printf("Simulator: %,d events in %,d ms: %,.0f events/s%n", events, simulateNanos / 1_000_000,
                    eventsPerSec);
            progress.flush();

            BrokerThroughput raw = BrokerBenchmark.measure(broker.bootstrapServers(),
                    new BenchmarkSettings(settings.records(), meanBytes), progress);
            return BenchmarkResult.builder(NAME)
                    .figure(NODES, nodes)
                    .figure(THREADS, threads)
                    .figure("events", events)
                    .figure("event.mean.bytes", meanBytes)
                    .figure("simulate.events.per.sec", eventsPerSec, 0)
                    .figure("raw.records.per.sec", raw.produceRecordsPerSec(), 0)
                    .figure("simulate.to.raw", eventsPerSec / raw.produceRecordsPerSec(), 3)
                    .figure("target.events.per.sec", TARGET_EVENTS_PER_SEC)
                    .figure("within.target", Boolean.toString(eventsPerSec >= TARGET_EVENTS_PER_SEC))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("Interrupted while the simulator produced", e);
        }
    }

    private static SimulatorConfig config(String bootstrapServers, String registryUrl, int nodes) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(SimulatorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(SimulatorConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(SimulatorConfig.NODES, nodes);
        settings.put(SimulatorConfig.CLOCK, "virtual");
        settings.put(SimulatorConfig.START_EPOCH_MS, START_EPOCH_MS);
        return new SimulatorConfig(settings);
    }

    /** Returns the ticks that emit at least {@code events} events, counted from one tick of the city. */
    private static long ticksFor(CitySimulator simulator, long events) {
        long[] perTick = new long[1];
        simulator.emitTick(0, new TelemetrySink() {
            @Override
            public void nodeMetrics(String eventId, NodeMetrics event) {
                perTick[0]++;
            }

            @Override
            public void linkLatency(String eventId, LinkLatency event) {
                perTick[0]++;
            }

            @Override
            public void replicaMetrics(String eventId, ReplicaMetrics event) {
                perTick[0]++;
            }
        });
        return (events + perTick[0] - 1) / perTick[0];
    }

    private static void createTelemetryTopics(String bootstrapServers) {
        List<String> topics = List.of(TopicCatalog.NODE_METRICS.name(), TopicCatalog.LINK_LATENCY.name(),
                TopicCatalog.REPLICA_METRICS.name());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            admin.createTopics(topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)).toList()).all().get();
            // An idempotent producer that sends before a new partition has its leader got
            // out-of-order sequence errors on a loaded machine.
            TopicLeaders.await(admin, topics, Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new BenchmarkException("The telemetry topics have no leaders: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new BenchmarkException("Cannot create the telemetry topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("Interrupted while creating the telemetry topics", e);
        }
    }

    /** Serializes one tick of the simulator and returns the mean value size, in bytes. */
    private static int meanEncodedBytes(SimulatorConfig config, String registryUrl) {
        RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registryUrl);
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>(client);
        long[] totals = new long[2];
        CitySimulator.create(config, 0).emitTick(0, new TelemetrySink() {
            @Override
            public void nodeMetrics(String eventId, NodeMetrics event) {
                add(TopicCatalog.NODE_METRICS.name(), event);
            }

            @Override
            public void linkLatency(String eventId, LinkLatency event) {
                add(TopicCatalog.LINK_LATENCY.name(), event);
            }

            @Override
            public void replicaMetrics(String eventId, ReplicaMetrics event) {
                add(TopicCatalog.REPLICA_METRICS.name(), event);
            }

            private void add(String topic, SpecificRecord event) {
                totals[0] += serializer.serialize(topic, event).length;
                totals[1]++;
            }
        });
        return (int) Math.max(1, totals[0] / totals[1]);
    }
}
