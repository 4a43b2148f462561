package dev.edgeplane.registry.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.registry.RegistryStartException;
import dev.edgeplane.registry.SchemaRegistryServerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schemas topic as the registry's durable store: a transactional producer that writes, a
 * {@link StoreReader} that applies what was committed to {@link RegistryState}, and an admin client
 * that finds the topic's end. See the package's DESIGN.md for the single-writer scheme.
 *
 * <p>{@link #write} and {@link #catchUp} block; the caller serialises writes. {@link #close()} is
 * idempotent and closes every client this store created.
 */
public final class KafkaSchemaStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);

    private final String topic;
    private final TopicPartition partition;
    private final String transactionalId;
    private final Duration timeout;
    private final Duration initTimeout;
    private final Map<String, Object> clientProperties;
    private final RegistryState state;
    private final Admin admin;
    private final StoreReader reader;

    private KafkaProducer<byte[], byte[]> producer;
    private volatile boolean fenced;
    private boolean closed;

    public KafkaSchemaStore(SchemaRegistryServerConfig config, RegistryState state) {
        this.topic = config.topic();
        this.partition = new TopicPartition(topic, 0);
        this.transactionalId = config.transactionalId();
        this.timeout = config.timeout();
        this.initTimeout = config.initTimeout();
        this.state = state;
        this.clientProperties = Map.copyOf(config.kafkaClientSettings());
        Admin createdAdmin = null;
        try {
            createdAdmin = Admin.create(clientProperties);
            this.reader = new StoreReader(topic, clientProperties, state);
        } catch (KafkaException e) {
            if (createdAdmin != null) {
                createdAdmin.close(Duration.ZERO);
            }
            throw new RegistryStartException("Creating the Kafka clients for " + config.bootstrapServers() + " failed: " + e.getMessage()
                    + ". Check kafkastore.bootstrap.servers and the kafkastore.client.* settings.", e);
        }
        this.admin = createdAdmin;
    }

    /**
     * Checks the topic, fences earlier writers, and blocks until every committed record is applied.
     *
     * @throws RegistryStartException if any step fails or exceeds {@code kafkastore.init.timeout.ms}
     */
    public void start() {
        long startNanos = System.nanoTime();
        SchemasTopic.ensure(admin, topic, initTimeout);
        producer = newProducer(initTimeout);
        reader.start();
        try {
            catchUp(initTimeout);
        } catch (ApiException e) {
            throw new RegistryStartException("Reading topic '" + topic + "' to its end failed: " + e.getMessage(), e);
        }
        log.info("Loaded schemas topic '{}' up to offset {} in {} ms; writing as transactional id '{}'", topic, reader.position(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), transactionalId);
    }

    /**
     * Blocks until the reader has applied every record committed before this call.
     *
     * @throws ApiException with error code 50001 if the end offset cannot be read or the reader does
     *                      not reach it within {@code timeout}
     */
    public void catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long end;
        try {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition).get(remaining(deadline), TimeUnit.NANOSECONDS).offset();
        } catch (ExecutionException e) {
            throw ApiErrors.store("Reading the end offset of topic '" + topic + "' failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw ApiErrors.store("Reading the end offset of topic '" + topic + "' timed out after " + timeout.toMillis() + " ms.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.store("Interrupted while reading the end offset of topic '" + topic + "'.", e);
        }
        awaitApplied(end, deadline);
    }

    /**
     * Writes {@code entries} in one transaction and blocks until the reader has applied them to
     * {@link RegistryState}. Callers must not write concurrently.
     *
     * @throws ApiException with error code 50001 if this registry was fenced, its state contains a
     *                      conflict, or the write failed or timed out. A timed-out write may still
     *                      become visible later. Error code 42209 means the records exceed Kafka's
     *                      record size limit.
     */
    public void write(List<StoreEntry> entries) {
        ensureWritable();
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastOffset = -1;
        try {
            if (producer == null) {
                producer = newProducer(timeout);
            }
            producer.beginTransaction();
            List<Future<RecordMetadata>> sends = entries.stream()
                    .map(entry -> producer.send(new ProducerRecord<>(topic, 0, StoreCodec.key(entry), StoreCodec.value(entry))))
                    .toList();
            producer.commitTransaction();
            for (Future<RecordMetadata> send : sends) {
                lastOffset = Math.max(lastOffset, send.get().offset());
            }
        } catch (KafkaException | ExecutionException | RegistryStartException e) {
            if (isFencing(e)) {
                markFenced(e);
            }
            discardProducer();
            if (hasCause(e, RecordTooLargeException.class)) {
                throw ApiErrors.schemaTooLarge("The schema is too large to store in topic '" + topic + "': " + rootMessage(e)
                        + ". Shrink the schema (docs, defaults) or raise max.request.size (kafkastore.client.max.request.size) "
                        + "and the topic's max.message.bytes together.", e);
            }
            throw ApiErrors.store("Writing to topic '" + topic + "' failed: " + e.getMessage()
                    + ". The write was aborted or its outcome is unknown; retry the request.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardProducer();
            throw ApiErrors.store("Interrupted while writing to topic '" + topic + "'.", e);
        }
        awaitApplied(lastOffset + 1, deadline);
    }

    private void ensureWritable() {
        if (fenced) {
            throw fencedError(null);
        }
        state.conflict().ifPresent(conflict -> {
            throw ApiErrors.store("This registry accepts no writes because topic '" + topic + "' contains conflicting records: " + conflict
                    + " Stop every other writer, then repair or replace the topic.", null);
        });
    }

    /** Returns whether {@code error} or one of its causes means that another producer took over the transactional id. */
    private static boolean isFencing(Throwable error) {
        return hasCause(error, ProducerFencedException.class) || hasCause(error, InvalidProducerEpochException.class);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private void markFenced(Exception cause) {
        fenced = true;
        discardProducer();
        log.error("Registry writer with transactional id '{}' was fenced by another instance; this instance now only serves reads",
                transactionalId, cause);
        throw fencedError(cause);
    }

    private ApiException fencedError(Throwable cause) {
        return ApiErrors.store("This registry instance no longer writes to topic '" + topic + "': another instance started with "
                + "transactional id '" + transactionalId + "' and took over writes. Send writes to that instance, or restart this one "
                + "to take them back.", cause);
    }

    private void awaitApplied(long offset, long deadline) {
        try {
            reader.awaitPosition(offset, Duration.ofNanos(remaining(deadline)));
        } catch (TimeoutException e) {
            throw ApiErrors.store(e.getMessage() + " The write may still become visible; retry the request.", e);
        } catch (IllegalStateException e) {
            throw ApiErrors.store(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.store("Interrupted while waiting for topic '" + topic + "' to be read.", e);
        }
    }

    /**
     * Creates a transactional producer and calls {@code initTransactions}, which aborts any
     * transaction left open by an earlier holder of the id and fences that holder.
     */
    private KafkaProducer<byte[], byte[]> newProducer(Duration blockTimeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("transactional.id", transactionalId);
        props.put("max.block.ms", String.valueOf(blockTimeout.toMillis()));
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(props);
        try {
            created.initTransactions();
            return created;
        } catch (KafkaException e) {
            created.close(Duration.ZERO);
            throw new RegistryStartException("Initialising the Kafka transactional producer with transactional id '" + transactionalId
                    + "' failed: " + e.getMessage() + ". The brokers must support transactions (transaction.state.log.replication.factor "
                    + "no larger than the number of brokers) and allow this client to use the id.", e);
        }
    }

    private void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reader.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        // Admin calls are only made by threads that wait for them with their own timeouts, so
        // whatever is still pending at close has been given up already.
        admin.close(Duration.ZERO);
    }
}
