package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.telemetry.LinkLatency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the node-health and link-latency topics into the {@link NetworkView} on its own thread. It
 * assigns every partition without a consumer group, because each scheduler instance, the standby
 * included, needs the whole view: node health from the start of its compacted topic, link latency
 * from the maximum age back. A record that cannot be read is counted, logged with its topic,
 * partition and offset, and skipped.
 *
 * <p>{@link #close()} stops the thread and closes the consumer, which this class owns.
 */
public final class NetworkViewConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NetworkViewConsumer.class);
  private static final long SKIP_LOG_INTERVAL_MS = 10_000;

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final String healthTopic;
  private final String latencyTopic;
  private final long maxAgeMillis;
  private final ObjLongConsumer<NodeHealth> onHealth;
  private final Consumer<LinkLatency> onLatency;
  private final Counter skipped;
  private final Thread thread;
  private volatile boolean running = true;
  private long lastSkipLogMillis;

  public NetworkViewConsumer(KafkaConsumer<String, SpecificRecord> consumer, String healthTopic, String latencyTopic,
      long maxAgeMillis, ObjLongConsumer<NodeHealth> onHealth, Consumer<LinkLatency> onLatency, MeterRegistry registry) {
    this.consumer = consumer;
    this.healthTopic = healthTopic;
    this.latencyTopic = latencyTopic;
    this.maxAgeMillis = maxAgeMillis;
    this.onHealth = onHealth;
    this.onLatency = onLatency;
    this.skipped = Counter.builder("edgeplane.scheduler.view.records.skipped")
        .description("View records that could not be read and were skipped").register(registry);
    this.thread = new Thread(this::run, "edgeplane-scheduler-view");
    this.thread.setDaemon(true);
  }

  /** Assigns the partitions and starts the thread; blocks on the metadata calls. */
  public void start() {
    List<TopicPartition> health = partitions(healthTopic);
    List<TopicPartition> latency = partitions(latencyTopic);
    List<TopicPartition> all = new ArrayList<>(health);
    all.addAll(latency);
    consumer.assign(all);
    consumer.seekToBeginning(health);
    seekToMaxAge(latency);
    thread.start();
    log.info("Network view reads {} partitions of {} and {} of {}", health.size(), healthTopic, latency.size(),
        latencyTopic);
  }

  private List<TopicPartition> partitions(String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  private void seekToMaxAge(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> since = new HashMap<>();
    long start = System.currentTimeMillis() - maxAgeMillis;
    partitions.forEach(p -> since.put(p, start));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since, Duration.ofSeconds(30));
    List<TopicPartition> atEnd = new ArrayList<>();
    offsets.forEach((partition, offset) -> {
      if (offset == null) {
        atEnd.add(partition);
      } else {
        consumer.seek(partition, offset.offset());
      }
    });
    consumer.seekToEnd(atEnd);
  }

  private void run() {
    try {
      while (running) {
        try {
          for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
            dispatch(record);
          }
        } catch (RecordDeserializationException e) {
          skip(e.topicPartition(), e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("Reading the network view failed; retrying in 1 s: {}", e.toString());
          sleepQuietly();
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void dispatch(ConsumerRecord<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    if (value instanceof NodeHealth health) {
      onHealth.accept(health, record.timestamp());
    } else if (value instanceof LinkLatency latency) {
      onLatency.accept(latency);
    } else if (value != null) {
      skip(new TopicPartition(record.topic(), record.partition()), record.offset(),
          "unexpected record type " + value.getSchema().getFullName());
    }
  }

  private void skip(TopicPartition partition, long offset, String reason) {
    skipped.increment();
    long now = System.currentTimeMillis();
    if (now - lastSkipLogMillis >= SKIP_LOG_INTERVAL_MS) {
      lastSkipLogMillis = now;
      log.warn("Skipped view record at {} offset {}: {} (further skips within {} ms are only counted)", partition,
          offset, reason, SKIP_LOG_INTERVAL_MS);
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops the thread and closes the consumer; blocks up to 10 s. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
