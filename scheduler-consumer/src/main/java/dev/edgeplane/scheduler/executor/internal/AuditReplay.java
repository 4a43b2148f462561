package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the audit topic from its beginning to the end offsets taken at the start of the read, so
 * the executor learns what it did before a restart. Records of every actor are returned; the caller
 * filters. Uses a consumer without a group, which the caller closes.
 *
 * <p>NOTE: the read grows with the audit topic's retention (365 days in the topic catalog). At one
 * decision per second that is about 30 million records at start; past that scale a compacted topic
 * of decision ids would start faster.
 */
public final class AuditReplay {

  private static final Logger log = LoggerFactory.getLogger(AuditReplay.class);

  private AuditReplay() {
  }

  /**
   * Reads every record. Blocks until the end offsets are reached.
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}
   */
  public static List<ActionAudit> read(Consumer<byte[], byte[]> consumer, String topic,
      SpecificAvroDeserializer<ActionAudit> deserializer, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalStateException("Audit topic " + topic + " does not exist; create the catalog's topics"
          + " (edgeplane topics --bootstrap-server HOST:PORT) before starting the executor");
    }
    List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);

    List<ActionAudit> records = new ArrayList<>();
    int unreadable = 0;
    while (!reachedEnd(consumer, end)) {
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException("Reading audit topic " + topic + " back took longer than " + timeout.toMillis()
            + " ms; raise executor.audit.replay.timeout.ms or check the brokers");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() == null) {
          continue;
        }
        try {
          records.add(deserializer.deserialize(topic, record.value()));
        } catch (WireFormatException e) {
          unreadable++;
        }
      }
    }
    consumer.unsubscribe();
    if (unreadable > 0) {
      log.warn("Skipped {} unreadable records while reading audit topic {} back", unreadable, topic);
    }
    log.info("Read {} audit records back from {}", records.size(), topic);
    return records;
  }

  private static boolean reachedEnd(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }
}
