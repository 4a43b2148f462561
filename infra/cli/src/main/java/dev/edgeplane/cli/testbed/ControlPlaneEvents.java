package dev.edgeplane.cli.testbed;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the control plane's decisions as lines that the process which started the control plane
 * reads from its output, because that process runs in another network namespace and cannot reach the
 * broker. Each line is {@value #PREFIX}, the kind, the wall-clock time in milliseconds when this
 * consumer read the record, and the record's fields:
 *
 * <pre>
 * observed node-health TIME NODE STATE
 * observed decision TIME NAMESPACE/POD FROM_NODE STRATEGY
 * observed weights TIME NAMESPACE/SERVICE CLIENT_NODE GENERATION POD=WEIGHT,...
 * observed score TIME NAMESPACE/POD NODE SCORE P95_MS
 * </pre>
 *
 * One thread, started by {@link #start}, owns the consumer; {@link #close} stops it and blocks until it ends.
 */
final class ControlPlaneEvents implements AutoCloseable {

    /** First word of every line. */
    static final String PREFIX = "observed";

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneEvents.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SpecificAvroDeserializer<SpecificRecord> deserializer;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    private ControlPlaneEvents(String bootstrapServers, String registryUrl, PrintStream out) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "edgeplane-testbed-events",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deserializer = new SpecificAvroDeserializer<>(RestSchemaRegistryClient.forUrl(registryUrl));
        this.out = out;
        this.thread = new Thread(this::run, "edgeplane-testbed-events");
    }

    /** Subscribes to node health, reschedule decisions, replica scores and weights and starts printing; does not block. */
    static ControlPlaneEvents start(String bootstrapServers, String registryUrl, PrintStream out) {
        ControlPlaneEvents events = new ControlPlaneEvents(bootstrapServers, registryUrl, out);
        events.consumer.subscribe(List.of(TopicCatalog.NODE_HEALTH.name(), TopicCatalog.RESCHEDULE_DECISIONS.name(),
                TopicCatalog.LB_WEIGHTS.name(), TopicCatalog.REPLICA_SCORES.name()));
        events.thread.start();
        return events;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        print(record.topic(), deserializer.deserialize(record.topic(), record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up.
        } catch (RuntimeException e) {
            log.error("Reading the control plane's events failed; no more events are printed", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void print(String topic, SpecificRecord value) {
        long now = System.currentTimeMillis();
        String line;
        if (value instanceof NodeHealth health) {
            line = "node-health " + now + " " + health.getNode() + " " + health.getState();
        } else if (value instanceof RescheduleDecision decision) {
            line = "decision " + now + " " + decision.getNamespace() + "/" + decision.getPod() + " "
                    + decision.getFromNode() + " " + decision.getStrategy();
        } else if (value instanceof ReplicaScore score) {
            line = "score " + now + " " + score.getNamespace() + "/" + score.getPod() + " " + score.getNode() + " "
                    + score.getScore() + " " + score.getLatencyP95Ms();
        } else if (value instanceof ServiceWeights weights) {
            line = "weights " + now + " " + weights.getNamespace() + "/" + weights.getService() + " "
                    + weights.getClientNode() + " " + weights.getGeneration() + " " + weights.getEndpoints().stream()
                            .map(e -> e.getPod() + "=" + e.getWeight()).collect(Collectors.joining(","));
        } else {
            line = null;
        }
        if (line == null) {
            log.warn("Unexpected record of type {} on {}", value.getClass().getName(), topic);
            return;
        }
        synchronized (out) {
            out.println(PREFIX + " " + line);
            out.flush();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
