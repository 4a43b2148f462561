package dev.edgeplane.demo.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.AnomalyApplication;
import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.ingest.gateway.IngestGateway;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig;

import dev.edgeplane.lb.observe.EndpointSliceDirectory;
import dev.edgeplane.lb.LbUpdater;
import dev.edgeplane.lb.LbUpdaterConfig;
import dev.edgeplane.lb.act.http.WeightsHttpConfig;
import dev.edgeplane.lb.act.http.WeightsHttpServer;
import dev.edgeplane.lb.act.http.WeightsStore;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.scheduler.executor.FrameworkTargetPredictor;
import dev.edgeplane.scheduler.executor.RescheduleExecutor;
import dev.edgeplane.scheduler.executor.RescheduleExecutorConfig;
import dev.edgeplane.scheduler.observe.InventoryPublisher;
import dev.edgeplane.scheduler.observe.InventoryPublisherConfig;
import dev.edgeplane.scheduler.reconcile.FogServiceController;
import dev.edgeplane.scheduler.reconcile.FogServiceControllerConfig;
import dev.edgeplane.scheduler.schedule.EdgeplaneScheduler;
import dev.edgeplane.scheduler.schedule.SchedulerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Starters of the services of the stack. Edge agents run beside the stack, one per node, and send
 * to the ingest gateway it advertises.
 */
public final class StandardComponents {

    /** Longest wait for the first list of EndpointSlices and FogServices when the lb-updater starts. */
    private static final Duration SLICE_SYNC_TIMEOUT = Duration.ofSeconds(30);

    private StandardComponents() {
    }

    /** Returns the default components of {@code edgeplane up}, in start order. */
    public static List<ComponentStarter> defaults() {
        return List.of(inventoryPublisher(), fogServiceController(), ingestGateway(), anomalyDetection(), scheduler(false),
                lbUpdater(1_000));
    }

    /**
     * Returns the starter of the ingest gateway on a free port of 127.0.0.1. It serves its own
     * {@code /metrics}, which the stack advertises with the telemetry endpoint.
     */
    public static ComponentStarter ingestGateway() {
        return ingestGateway("127.0.0.1", 0);
    }

    /**
     * Returns the starter of the ingest gateway on {@code bindAddress:port}, for agents on other hosts;
     * port 0 picks a free one.
     */
    public static ComponentStarter ingestGateway(String bindAddress, int port) {
        return ComponentStarter.of("ingest gateway", context -> {
            IngestGateway gateway = IngestGateway.start(Map.of(
                    IngestGatewayConfig.BOOTSTRAP_SERVERS, context.bootstrapServers(),
                    IngestGatewayConfig.SCHEMA_REGISTRY_URL, context.registryUrl(),
                    IngestGatewayConfig.BIND_ADDRESS, bindAddress,
                    IngestGatewayConfig.PORT, port), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            context.advertise("telemetry endpoint", gateway.baseUrl() + "/v1/telemetry");
            context.advertise("metrics of ingest gateway", gateway.baseUrl() + "/metrics");
            return gateway;
        });
    }

    /**
     * Returns the starter of anomaly detection, the Kafka Streams application that turns telemetry into
     * node health, replica scores and reschedule decisions. Its state stores live in a temporary folder
     * that is deleted on stop.
     */
    public static ComponentStarter anomalyDetection() {
        return anomalyDetection(Map.of());
    }

    /**
     * Returns the starter of anomaly detection with further settings, such as shorter windows.
     *
     * @param overrides {@link AnomalyConfig} and Kafka Streams keys; the stack sets the bootstrap servers,
     *     the state folder and the application id
     */
    public static ComponentStarter anomalyDetection(Map<String, ?> overrides) {
        return ComponentStarter.of("anomaly detection", context -> {
            Path stateDir = Files.createTempDirectory("edgeplane-anomaly-");
            AnomalyApplication application;
            try {
                Map<String, Object> settings = new HashMap<>(overrides);
                settings.put("bootstrap.servers", context.bootstrapServers());
                settings.put("state.dir", stateDir.toString());
                settings.put(AnomalyConfig.APPLICATION_ID_CONFIG, "edgeplane-anomaly");
                application = AnomalyApplication.create(settings,
                        RestSchemaRegistryClient.forUrl(context.registryUrl()), context.meterRegistry("anomaly"));
                application.start();
            } catch (RuntimeException e) {
                deleteRecursively(stateDir);
                throw e;
            }
            return () -> {
                application.close();
                deleteRecursively(stateDir);
            };
        });
    }

    private static void deleteRecursively(Path dir) {
        try {
            // Kafka's own recursive delete, which also tolerates files that vanish meanwhile.
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the anomaly state folder " + dir + "; delete it by hand", e);
        }
    }

    /**
     * Returns the starter of the scheduler, which binds pods with schedulerName edgeplane, and of the
     * rescheduling executor, which asks the scheduler's plugins where a pod would go before it evicts.
     *
     * @param executorDryRun whether the executor only audits what it would do
     */
    public static ComponentStarter scheduler(boolean executorDryRun) {
        return scheduler(Map.of(RescheduleExecutorConfig.DRY_RUN, executorDryRun));
    }

    /**
     * Returns the starter of the scheduler and the rescheduling executor with further executor settings.
     *
     * @param executorSettings {@link RescheduleExecutorConfig} keys, such as the dry-run switch
     */
    public static ComponentStarter scheduler(Map<String, ?> executorSettings) {
        return ComponentStarter.of("scheduler and rescheduling executor", context -> {
            MeterRegistry meters = context.meterRegistry("scheduler");
            EdgeplaneScheduler scheduler = new EdgeplaneScheduler(context.kubernetes().client(), SchedulerConfig.defaults()
                    .with(Map.of(SchedulerConfig.BOOTSTRAP_SERVERS, context.bootstrapServers(),
                            SchedulerConfig.SCHEMA_REGISTRY_URL, context.registryUrl())), meters);
            RescheduleExecutor executor = null;
            try {
                scheduler.start();
                executor = new RescheduleExecutor(context.kubernetes().client(),
                        new FrameworkTargetPredictor(scheduler.framework()),
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers()),
                        RestSchemaRegistryClient.forUrl(context.registryUrl()),
                        new RescheduleExecutorConfig(executorSettings), meters);
                executor.start();
            } catch (RuntimeException e) {
                if (executor != null) {
                    executor.close();
                }
                scheduler.close();
                throw e;
            }
            RescheduleExecutor started = executor;
            return () -> {
                started.close();
                scheduler.close();
            };
        });
    }

    /** Returns the starter of the inventory publisher, which mirrors nodes and pods into the edgeplane.cluster.* topics. */
    public static ComponentStarter inventoryPublisher() {
        return ComponentStarter.of("inventory publisher", context -> {
            KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers(),
                            ProducerConfig.CLIENT_ID_CONFIG, "edgeplane-inventory",
                            ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(),
                    new SpecificAvroSerializer<>(RestSchemaRegistryClient.forUrl(context.registryUrl())));
            InventoryPublisher publisher;
            try {
                publisher = new InventoryPublisher(context.kubernetes().client(), producer,
                        new InventoryPublisherConfig(Map.of()), context.meterRegistry("scheduler"));
                publisher.start();
            } catch (RuntimeException e) {
                producer.close();
                throw e;
            }
            return () -> {
                publisher.close();
                producer.close();
            };
        });
    }

    /** Returns the starter of the FogService controller, which turns each FogService into pods. */
    public static ComponentStarter fogServiceController() {
        return ComponentStarter.of("FogService controller", context -> {
            FogServiceController controller = new FogServiceController(context.kubernetes().client(),
                    new FogServiceControllerConfig(Map.of()), context.meterRegistry("scheduler"));
            try {
                controller.start();
            } catch (RuntimeException e) {
                controller.close();
                throw e;
            }
            return controller;
        });
    }

    /**
     * Returns the starter of the load-balancer updater, which resolves pods through the EndpointSlices the replica fleet
     * writes, with its weights API on a free port.
     *
     * @param planIntervalMs time between planning cycles, in milliseconds
     */
    public static ComponentStarter lbUpdater(long planIntervalMs) {
        return lbUpdater(Map.of(LbUpdaterConfig.PLAN_INTERVAL_MS, planIntervalMs));
    }

    /**
     * Returns the starter of the load-balancer updater with further settings.
     *
     * @param overrides {@link LbUpdaterConfig} and {@code WeightPlannerConfig} keys; the stack sets the
     *     bootstrap servers, the registry URL and the weights API port
     */
    public static ComponentStarter lbUpdater(Map<String, ?> overrides) {
        return ComponentStarter.of("lb-updater", context -> {
            Map<String, Object> settings = new HashMap<>(overrides);
            settings.put(LbUpdaterConfig.BOOTSTRAP_SERVERS, context.bootstrapServers());
            settings.put(LbUpdaterConfig.SCHEMA_REGISTRY_URL, context.registryUrl());
            settings.put(WeightsHttpConfig.PORT, 0);
            MeterRegistry meters = context.meterRegistry("lb-updater");
            WeightsStore store = new WeightsStore();
            EndpointSliceDirectory directory = EndpointSliceDirectory.start(context.kubernetes().client(), null, SLICE_SYNC_TIMEOUT);
            WeightsHttpServer server = null;
            try {
                server = WeightsHttpServer.start(WeightsHttpConfig.from(settings), store);
                LbUpdater updater = LbUpdater.start(settings, directory, store, null, meters, Clock.systemUTC());
                context.advertise("weights API", "http://127.0.0.1:" + server.port() + "/v1/weights");
                WeightsHttpServer started = server;
                return () -> {
                    updater.close();
                    started.close();
                    directory.close();
                };
            } catch (RuntimeException e) {
                if (server != null) {
                    server.close();
                }
                directory.close();
                throw e;
            }
        });
    }
}
