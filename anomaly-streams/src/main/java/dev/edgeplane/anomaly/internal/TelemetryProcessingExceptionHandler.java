package dev.edgeplane.anomaly.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.schemas.deadletter.DeadLetterDeserializationExceptionHandler;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.deadletter.RejectedRecord;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends telemetry rejected for a skewed event time to the dead-letter topic, byte for byte as it
 * was read, with stage VALIDATION, and stops the stream thread on any other processing failure.
 * Kafka Streams writes the dead letter with its own producer, in the same transaction under
 * exactly-once. Reads the dead-letter topic and the schema registry from the same settings as
 * {@link DeadLetterDeserializationExceptionHandler}. Thread-safe.
 */
public final class TelemetryProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(TelemetryProcessingExceptionHandler.class);

    private final Clock clock = Clock.systemUTC();
    private volatile String deadLetterTopic;
    private volatile String applicationId;
    private volatile SpecificAvroSerializer<DeadLetter> serializer;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(DeadLetterDeserializationExceptionHandler.CONFIG_DEF, configs, false);
        deadLetterTopic = config.getString(DeadLetterDeserializationExceptionHandler.DEAD_LETTER_TOPIC_CONFIG);
        Object application = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        applicationId = application == null ? "unknown" : application.toString();
        SpecificAvroSerializer<DeadLetter> letterSerializer = new SpecificAvroSerializer<>();
        letterSerializer.configure(configs, false);
        serializer = letterSerializer;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof SkewedEventTimeException)) {
            log.error("Task {} failed to process the record at topic {} partition {} offset {} in processor {}, so the"
                    + " stream thread stops", context.taskId(), context.topic(), context.partition(), context.offset(),
                    context.processorNodeId(), exception);
            return Response.fail();
        }

        RejectedRecord rejected = new RejectedRecord(context.topic(), context.partition(), context.offset(),
                context.timestamp(), context.sourceRawKey(), context.sourceRawValue(), context.headers());
        DeadLetter letter = DeadLetters.create(rejected, FailedStage.VALIDATION, applicationId, exception,
                clock.instant());
        byte[] value;
        try {
            value = serializer.serialize(deadLetterTopic, letter);
        } catch (RuntimeException e) {
            log.error("Task {} failed to write the rejected record at topic {} partition {} offset {} to {}, so the"
                    + " stream thread stops", context.taskId(), context.topic(), context.partition(), context.offset(),
                    deadLetterTopic, e);
            return Response.fail();
        }
        return Response.resume(List.of(DeadLetters.toProducerRecord(deadLetterTopic, letter, value)));
    }
}
