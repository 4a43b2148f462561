package dev.edgeplane.scheduler.observe.internal;

import dev.edgeplane.schemas.catalog.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that builds and sends inventory records. Informer handlers hand it tasks, so a
 * slow broker never blocks an informer, and records of one key leave in the order of the changes.
 * A send that fails after the producer's own retries is counted and logged, at most one WARN per
 * topic every {@link #WARN_INTERVAL}, and the next resync publishes the record again.
 */
public final class InventorySender implements AutoCloseable {

  static final Duration WARN_INTERVAL = Duration.ofSeconds(10);
  public static final String NODES_TOPIC = TopicCatalog.NODES.name();
  public static final String PLACEMENTS_TOPIC = TopicCatalog.PLACEMENTS.name();
  public static final String FOGSERVICES_TOPIC = TopicCatalog.FOGSERVICES.name();

  private static final Logger log = LoggerFactory.getLogger(InventorySender.class);

  private final Producer<String, SpecificRecord> producer;
  private final MeterRegistry registry;
  private final Map<String, Long> lastWarnNanos = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "inventory-publisher");
    thread.setDaemon(true);
    return thread;
  });

  public InventorySender(Producer<String, SpecificRecord> producer, MeterRegistry registry) {
    this.producer = producer;
    this.registry = registry;
  }

  /** Queues the task for the publishing thread; drops it once the sender is closed. Returns at once. */
  void submit(Runnable task) {
    try {
      executor.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("Inventory publishing task failed; the next resync publishes again", e);
          failureCounter("task").increment();
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("Inventory publisher is closed; dropping a change");
    }
  }

  /** Sends the record, or a tombstone when {@code value} is null; call on the publishing thread. */
  void send(String topic, String key, SpecificRecord value) {
    producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
      if (error == null) {
        Counter.builder("edgeplane.scheduler.inventory.published")
            .description("Inventory records and tombstones the broker acknowledged")
            .tag("topic", topic)
            .tag("type", value == null ? "tombstone" : "record")
            .register(registry)
            .increment();
        return;
      }
      failureCounter(topic).increment();
      long now = System.nanoTime();
      Long last = lastWarnNanos.get(topic);
      if (last == null || now - last >= WARN_INTERVAL.toNanos()) {
        lastWarnNanos.put(topic, now);
        log.warn("Sending inventory record with key {} to {} failed; the next resync publishes it "
            + "again (further failures on this topic are logged at DEBUG for {} s)", key, topic,
            WARN_INTERVAL.toSeconds(), error);
      } else {
        log.debug("Sending inventory record with key {} to {} failed", key, topic, error);
      }
    });
  }

  private Counter failureCounter(String topic) {
    return Counter.builder("edgeplane.scheduler.inventory.errors")
        .description("Inventory records that could not be built or sent")
        .tag("topic", topic)
        .register(registry);
  }

  /** Sends the queued tasks, flushes the producer and stops the thread; blocks up to 10 s. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Inventory publisher did not drain its queue within 10 s; dropping the rest");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
    producer.flush();
  }
}
