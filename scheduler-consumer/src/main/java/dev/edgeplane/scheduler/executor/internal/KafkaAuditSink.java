package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes audit records to the audit topic, keyed by decision id. The producer is the caller's to
 * close. Called from the executor thread only.
 */
public final class KafkaAuditSink implements AuditSink {

  private final Producer<byte[], byte[]> producer;
  private final SpecificAvroSerializer<ActionAudit> serializer;
  private final String topic;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();

  public KafkaAuditSink(Producer<byte[], byte[]> producer, SpecificAvroSerializer<ActionAudit> serializer,
      String topic) {
    this.producer = producer;
    this.serializer = serializer;
    this.topic = topic;
  }

  @Override
  public void write(ActionAudit audit) {
    byte[] key = audit.getDecisionId().getBytes(StandardCharsets.UTF_8);
    pending.add(producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, audit))));
  }

  /**
   * Blocks until every record written since the last flush is acknowledged.
   *
   * @throws KafkaException when one failed; the caller must not commit the input offsets then
   */
  @Override
  public void flush() {
    producer.flush();
    try {
      for (Future<RecordMetadata> future : pending) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new KafkaException("Writing an audit record to " + topic + " failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while waiting for audit records to be acknowledged", e);
    } finally {
      pending.clear();
    }
  }
}
