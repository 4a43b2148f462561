package dev.edgeplane.ingest.agent.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces events straight to the telemetry topics with an idempotent producer ({@code acks=all}),
 * Avro values in the Confluent wire format, and the event id in the record header
 * {@value #EVENT_ID_HEADER}. The record's {@code receiveTime} is set to the time of the send.
 *
 * <p>The producer retries a record itself until {@code delivery.timeout.ms}; the idempotent
 * producer keeps those retries free of duplicates. A record that still fails stays buffered and is
 * produced again in a later batch.
 * NOTE: if such a record did reach the broker although the producer reported a failure, the later
 * attempt writes it a second time; consumers can drop it by its {@value #EVENT_ID_HEADER} header.
 */
public final class KafkaSender implements BatchSender {

    /** Header that carries the event id, as the gateway sets it. */
    public static final String EVENT_ID_HEADER = "edgeplane.event-id";

    /** Maximum wait of {@code send} for topic metadata or buffer space, in milliseconds. */
    private static final long MAX_BLOCK_MS = 10_000;

    private final KafkaProducer<String, SpecificRecord> producer;
    private final Duration deliveryTimeout;
    private final Clock clock;

    /**
     * @param serializerConfigs settings of the Avro serializer, at least {@code schema.registry.url}
     */
    public KafkaSender(String bootstrapServers, Map<String, ?> serializerConfigs, String clientId,
            Duration deliveryTimeout, Clock clock) {
        Map<String, Object> configs = new HashMap<>(serializerConfigs);
        configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        configs.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        configs.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, deliveryTimeout.toMillis() / 2));
        configs.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        configs.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(MAX_BLOCK_MS, deliveryTimeout.toMillis()));
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(configs, false);
        this.producer = new KafkaProducer<>(configs, new StringSerializer(), values);
        this.deliveryTimeout = deliveryTimeout;
        this.clock = clock;
    }

    @Override
    public SendOutcome send(List<PendingEvent> batch) throws InterruptedException {
        Instant now = clock.instant();
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        for (PendingEvent event : batch) {
            Future<RecordMetadata> future = produce(event, now);
            futures.add(future);
            if (failedAtOnce(future)) {
                // send() waited max.block.ms for metadata or buffer space and gave up. Each further
                // event would wait as long, so the rest of the batch stays buffered for the next attempt.
                break;
            }
        }

        long deadline = System.nanoTime() + deliveryTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        List<String> acknowledged = new ArrayList<>();
        List<SendOutcome.Rejection> rejected = new ArrayList<>();
        String failure = null;
        for (int i = 0; i < futures.size(); i++) {
            String id = batch.get(i).id();
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(id);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RecordTooLargeException) {
                    rejected.add(new SendOutcome.Rejection(id, null, e.getCause().getMessage()));
                } else if (failure == null) {
                    failure = "Kafka did not acknowledge event " + id + ": " + e.getCause();
                }
            } catch (TimeoutException e) {
                if (failure == null) {
                    failure = "Kafka did not acknowledge event " + id + " within " + deliveryTimeout.toMillis() + " ms";
                }
            }
        }
        boolean retry = failure != null || futures.size() < batch.size();
        return new SendOutcome(acknowledged, 0, rejected, retry, null, false, failure);
    }

    private static boolean failedAtOnce(Future<RecordMetadata> future) {
        if (!future.isDone()) {
            return false;
        }
        try {
            future.get();
            return false;
        } catch (ExecutionException e) {
            return !(e.getCause() instanceof RecordTooLargeException);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private Future<RecordMetadata> produce(PendingEvent event, Instant now) {
        SpecificRecord record = event.record();
        record.put(record.getSchema().getField("receiveTime").pos(), now);
        RecordHeaders headers = new RecordHeaders();
        headers.add(EVENT_ID_HEADER, event.id().getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, SpecificRecord> producerRecord = new ProducerRecord<>(topic(record), null, key(record),
                record, headers);
        try {
            return producer.send(producerRecord);
        } catch (KafkaException e) {
            // send() throws for metadata timeouts and serialization failures; the event stays buffered.
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String topic(SpecificRecord record) {
        if (record instanceof NodeMetrics) {
            return TopicCatalog.NODE_METRICS.name();
        }
        if (record instanceof LinkLatency) {
            return TopicCatalog.LINK_LATENCY.name();
        }
        return TopicCatalog.REPLICA_METRICS.name();
    }

    private static String key(SpecificRecord record) {
        if (record instanceof NodeMetrics metrics) {
            return metrics.getNode();
        }
        if (record instanceof LinkLatency latency) {
            return latency.getTargetNode();
        }
        ReplicaMetrics replica = (ReplicaMetrics) record;
        return replica.getNamespace() + "/" + replica.getPod();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
