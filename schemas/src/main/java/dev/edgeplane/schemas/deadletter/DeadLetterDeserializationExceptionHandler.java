package dev.edgeplane.schemas.deadletter;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.schemas.serde.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams deserialization handler that sends records with unreadable bytes to the
 * dead-letter topic as {@link DeadLetter} events, and stops the application on any other failure.
 *
 * <p>Only a {@link WireFormatException} counts as unreadable: a bad magic byte, an unknown schema
 * id, a truncated or malformed payload, or a writer schema the reader cannot resolve. The handler
 * adds the partition and offset that the deserializer could not know, and returns the dead letter
 * to Kafka Streams, which writes it with its own producer (and in the same transaction under
 * exactly-once) before it skips the record; Kafka Streams also counts the skip in its
 * {@code dropped-records} metric. Other exceptions, such as an unreachable schema registry, fail
 * the stream thread, because skipping would lose records that a retry could read.
 *
 * <p>Set it with {@code deserialization.exception.handler}. It gets its schema registry client
 * from the configuration as the serdes do, usually from {@code schema.registry.url}, and registers
 * the DeadLetter schema unless {@code auto.register.schemas} is false. Thread-safe.
 */
public class DeadLetterDeserializationExceptionHandler implements DeserializationExceptionHandler {

    public static final String DEAD_LETTER_TOPIC_CONFIG = "edgeplane.deadletter.topic";
    private static final String DEAD_LETTER_TOPIC_DOC = "Topic that receives the records no deserializer can read.";

    public static final String WARN_INTERVAL_MS_CONFIG = "edgeplane.deadletter.warn.interval.ms";
    private static final String WARN_INTERVAL_MS_DOC = "Minimum time between two warnings about dead-lettered"
            + " records, in milliseconds; the records in between are counted in the next warning.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, DeadLetters.TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, DEAD_LETTER_TOPIC_DOC)
            .define(WARN_INTERVAL_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                    WARN_INTERVAL_MS_DOC);

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationExceptionHandler.class);

    private final Clock clock;
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong lastWarningMs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong unwarned = new AtomicLong();
    private volatile String deadLetterTopic;
    private volatile String applicationId;
    private volatile long warnIntervalMs;
    private volatile SpecificAvroSerializer<DeadLetter> serializer;

    /** Creates a handler on the system clock; Kafka Streams calls this and then {@link #configure}. */
    public DeadLetterDeserializationExceptionHandler() {
        this(Clock.systemUTC());
    }

    /** Creates a handler whose dead letters and warnings use {@code clock}. */
    public DeadLetterDeserializationExceptionHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs, false);
        deadLetterTopic = config.getString(DEAD_LETTER_TOPIC_CONFIG);
        warnIntervalMs = config.getLong(WARN_INTERVAL_MS_CONFIG);
        Object application = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        applicationId = application == null ? "unknown" : application.toString();

        SpecificAvroSerializer<DeadLetter> letterSerializer = new SpecificAvroSerializer<>();
        letterSerializer.configure(configs, false);
        serializer = letterSerializer;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        WireFormatException unreadable = WireFormatException.find(exception);
        if (unreadable == null) {
            log.error("Task {} failed to deserialize the record at topic {} partition {} offset {}, and the failure"
                    + " is not invalid input, so the stream thread stops", context.taskId(), record.topic(),
                    record.partition(), record.offset(), exception);
            return Response.fail();
        }

        WireFormatException located = unreadable.atPosition(record.partition(), record.offset());
        DeadLetter letter = DeadLetters.create(RejectedRecord.of(record), FailedStage.DESERIALIZATION, applicationId,
                located, clock.instant());
        byte[] value;
        try {
            value = serializer.serialize(deadLetterTopic, letter);
        } catch (RuntimeException e) {
            log.error("Task {} failed to write the unreadable record at topic {} partition {} offset {} to {}, so the"
                    + " stream thread stops: {}", context.taskId(), record.topic(), record.partition(),
                    record.offset(), deadLetterTopic, located.getMessage(), e);
            return Response.fail();
        }

        deadLettered.incrementAndGet();
        maybeWarn(context, located);
        return Response.resume(List.of(DeadLetters.toProducerRecord(deadLetterTopic, letter, value)));
    }

    private void maybeWarn(ErrorHandlerContext context, WireFormatException located) {
        long now = clock.millis();
        long last = lastWarningMs.get();
        if (last != Long.MIN_VALUE && now - last < warnIntervalMs) {
            unwarned.incrementAndGet();
            return;
        }
        if (!lastWarningMs.compareAndSet(last, now)) {
            unwarned.incrementAndGet();
            return;
        }
        log.warn("Task {} sent an unreadable record to {} and skipped it ({} more since the last warning): {}",
                context.taskId(), deadLetterTopic, unwarned.getAndSet(0), located.getMessage());
    }

    /** Number of records this handler has sent to the dead-letter topic. */
    public long deadLetteredCount() {
        return deadLettered.get();
    }
}
