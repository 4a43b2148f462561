package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicSpec;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;

/**
 * Runs a scripted city through the anomaly application on the in-process broker, and through the
 * test driver for the decisions it should write. Shared by the integration tests.
 */
final class ScenarioRuns {

    private ScenarioRuns() {
    }

    /** Returns the settings of both runs: 10 s windows, two bad windows to degrade, advice wait of 10 s. */
    static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, CityScenario.WINDOW);
        settings.put(AnomalyConfig.WINDOW_GRACE_MS_CONFIG, 2_000L);
        settings.put(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 2);
        settings.put(AnomalyConfig.BETTER_HOLD_MS_CONFIG, 30_000L);
        settings.put(AnomalyConfig.SILENCE_MS_CONFIG, 600_000L);
        // Short, so that node telemetry partitions without nodes, or whose nodes went silent, stop
        // holding advice back within the test's time. At 3 s a partition whose task fell behind on a
        // loaded machine turned stale mid-run and the run decided otherwise than the driver.
        settings.put(AnomalyConfig.ADVICE_WAIT_MS_CONFIG, 10_000L);
        return settings;
    }

    /**
     * Returns the decisions that the test driver writes for {@code inputs}, after moving its wall
     * clock by {@code tickAfter} at the end (node health sends its last progress marker on a tick).
     */
    static List<RescheduleDecision> decisionsFromDriver(List<CityScenario.Input> inputs, Duration tickAfter) {
        try (TopologyHarness harness = new TopologyHarness(settings())) {
            SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>(harness.registry);
            Map<String, TestInputTopic<String, SpecificRecord>> topics = new HashMap<>();
            for (CityScenario.Input input : inputs) {
                topics.computeIfAbsent(input.topic(), t -> harness.driver.createInputTopic(t, new StringSerializer(),
                        values)).pipeInput(input.key(), input.value(), input.timestamp());
            }
            if (!tickAfter.isZero()) {
                harness.driver.advanceWallClockTime(tickAfter);
            }
            return harness.decisions.readValuesToList();
        }
    }

    /** Creates and starts the application with {@link #settings()}; the caller closes it. */
    static AnomalyApplication start(EmbeddedKafkaBroker broker, SchemaRegistryClient client, String applicationId,
            Path stateDir) {
        Map<String, Object> settings = settings();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(AnomalyConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AnomalyApplication application = AnomalyApplication.create(settings, client, new SimpleMeterRegistry());
        assertThat(application.streams()).isNotNull();
        application.start();
        return application;
    }

    /**
     * Creates every catalog topic with 3 partitions on the shared broker, unless another test class
     * created them first. Blocks until the broker answered.
     */
    static void createCatalogTopics(EmbeddedKafkaBroker broker) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpec spec : TopicCatalog.all()) {
                topics.add(new NewTopic(spec.name(), 3, (short) 1).configs(spec.configs(1)));
            }
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Writes {@code inputs} with their timestamps and waits until the broker acknowledged them. */
    static void produce(EmbeddedKafkaBroker broker, SchemaRegistryClient client, List<CityScenario.Input> inputs) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new SpecificAvroSerializer<>(client))) {
            for (CityScenario.Input input : inputs) {
                producer.send(new ProducerRecord<>(input.topic(), null, input.timestamp(), input.key(), input.value()));
            }
            producer.flush();
        }
    }
}
