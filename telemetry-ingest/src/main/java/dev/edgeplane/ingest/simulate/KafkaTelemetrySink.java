package dev.edgeplane.ingest.simulate;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the simulator's events to the telemetry topics of {@link TopicCatalog}, Avro in the
 * Confluent wire format, keyed as the catalog specifies (node, target node, namespace/pod), with the
 * event id in the header {@value #EVENT_ID_HEADER}, as the ingest gateway does.
 *
 * <p>The send methods are thread-safe and return once the record is buffered; the producer's I/O
 * thread runs the callbacks. A record that fails after the producer's
 * retries is counted, and {@link #throwIfFailed()} then stops the run. The sink owns its producer;
 * {@link #close()} flushes and closes it.
 */
public final class KafkaTelemetrySink implements TelemetrySink, AutoCloseable {

  /** Record header that carries the event id. */
  public static final String EVENT_ID_HEADER = "edgeplane.event-id";

  private static final Logger log = LoggerFactory.getLogger(KafkaTelemetrySink.class);

  private final KafkaProducer<String, SpecificRecord> producer;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final Callback callback = this::onCompletion;
  private final LongAdder sent = new LongAdder();

  /**
   * Creates the producer from the simulator settings: {@code bootstrap.servers},
   * {@code schema.registry.url} and the other serializer keys, and {@code producer.*} overrides of
   * the defaults (acks=all, idempotence, linger.ms 10, batch.size 256 KiB). Sends no request.
   *
   * @throws IllegalArgumentException when {@code bootstrap.servers} or {@code schema.registry.url} is empty
   */
  public KafkaTelemetrySink(SimulatorConfig config) {
    requireSet(config, SimulatorConfig.BOOTSTRAP_SERVERS, "--bootstrap-server HOST:PORT");
    requireSet(config, SimulatorConfig.SCHEMA_REGISTRY_URL, "--registry URL");
    Map<String, Object> settings = new HashMap<>(config.originals());
    settings.keySet().removeIf(key -> key.startsWith("simulate.") || key.startsWith("replay.")
        || key.startsWith(SimulatorConfig.PRODUCER_PREFIX));
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "edgeplane-simulator");
    settings.putAll(config.originalsWithPrefix(SimulatorConfig.PRODUCER_PREFIX));
    SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
    serializer.configure(settings, false);
    this.producer = new KafkaProducer<>(settings, new StringSerializer(), serializer);
  }

  private static void requireSet(SimulatorConfig config, String key, String option) {
    if (config.getString(key).isBlank()) {
      throw new IllegalArgumentException("Missing " + key + ": the simulator produces to Kafka, so give " + option);
    }
  }

  @Override
  public void nodeMetrics(String eventId, NodeMetrics event) {
    send(TopicCatalog.NODE_METRICS.name(), event.getNode(), eventId, event);
  }

  @Override
  public void linkLatency(String eventId, LinkLatency event) {
    send(TopicCatalog.LINK_LATENCY.name(), event.getTargetNode(), eventId, event);
  }

  @Override
  public void replicaMetrics(String eventId, ReplicaMetrics event) {
    send(TopicCatalog.REPLICA_METRICS.name(), event.getNamespace() + "/" + event.getPod(), eventId, event);
  }

  private void send(String topic, String key, String eventId, SpecificRecord value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(topic, null, key, value, headers), callback);
    sent.increment();
  }

  private void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
    if (exception == null) {
      acknowledged.incrementAndGet();
      return;
    }
    if (failed.getAndIncrement() == 0) {
      firstFailure.set(exception);
      log.error("Producing a simulator event failed after the producer's retries; the run stops", exception);
    }
  }

  /**
   * Throws when a record failed, so that the run stops instead of going on with a gap.
   *
   * @throws IllegalStateException naming the count and the first cause
   */
  public void throwIfFailed() {
    Exception failure = firstFailure.get();
    if (failure != null) {
      throw new IllegalStateException(failed.get() + " simulator events could not be produced: " + failure.getMessage()
          + "; check that the broker is up and the telemetry topics exist (edgeplane topics apply)", failure);
    }
  }

  /** Blocks until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /** Returns the records sent so far. */
  public long sent() {
    return sent.sum();
  }

  /** Returns the records Kafka acknowledged so far. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Returns the records that failed so far. */
  public long failed() {
    return failed.get();
  }

  /** Flushes and closes the producer, waiting at most 30 s. */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
