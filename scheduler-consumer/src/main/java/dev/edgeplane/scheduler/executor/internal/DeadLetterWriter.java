package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.deadletter.RejectedRecord;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends rejected decision records to the dead-letter topic and logs one warning per interval with
 * the topic, partition and offset, never the payload. The producer is the caller's to close.
 * Called from the executor thread only.
 */
public final class DeadLetterWriter {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);

  private final Producer<byte[], byte[]> producer;
  private final SpecificAvroSerializer<DeadLetter> serializer;
  private final String topic;
  private final String application;
  private final Duration warnInterval;
  private final ExecutorMetrics metrics;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();
  private Instant lastWarning;
  private long unwarned;

  public DeadLetterWriter(Producer<byte[], byte[]> producer, SpecificAvroSerializer<DeadLetter> serializer,
      String topic, String application, Duration warnInterval, ExecutorMetrics metrics) {
    this.producer = producer;
    this.serializer = serializer;
    this.topic = topic;
    this.application = application;
    this.warnInterval = warnInterval;
    this.metrics = metrics;
  }

  /** Queues the dead letter; the executor's flush before the offset commit makes it durable. */
  public void write(ConsumerRecord<byte[], byte[]> record, DecisionReader.Rejection rejection, Instant now) {
    DeadLetter letter = DeadLetters.create(RejectedRecord.of(record), rejection.stage(), application,
        rejection.error(), now);
    pending.add(producer.send(DeadLetters.toProducerRecord(topic, letter, serializer.serialize(topic, letter))));
    metrics.deadLettered(rejection.stage().name().toLowerCase());

    unwarned++;
    if (lastWarning == null || Duration.between(lastWarning, now).compareTo(warnInterval) >= 0) {
      log.warn("Sent {} decision records to {} since the last warning; latest from topic {} partition {} offset {}:"
          + " {}", unwarned, topic, record.topic(), record.partition(), record.offset(), rejection.error().getMessage());
      lastWarning = now;
      unwarned = 0;
    }
  }

  /**
   * Blocks until every dead letter queued since the last flush is acknowledged.
   *
   * @throws KafkaException when one failed; the caller must not commit the input offsets then
   */
  public void flush() {
    producer.flush();
    try {
      for (Future<RecordMetadata> future : pending) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new KafkaException("Writing a dead letter to " + topic + " failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while waiting for dead letters to be acknowledged", e);
    } finally {
      pending.clear();
    }
  }
}
