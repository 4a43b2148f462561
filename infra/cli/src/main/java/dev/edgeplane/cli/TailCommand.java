package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import dev.edgeplane.schemas.serde.GenericAvroDeserializer;
import dev.edgeplane.schemas.serde.WireFormatException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane tail TOPIC}: prints the records of a topic as JSON lines, with values decoded
 * through the schema registry. A record that cannot be decoded gets one error line on standard
 * error, with its partition, offset and the reason, and tailing goes on.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Prints the records of a topic as JSON lines, with values decoded through the schema registry "
                + "(Confluent wire format). Without --from-beginning or --offset it starts at the end of the topic and "
                + "follows it until Ctrl-C.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Every record read was printed.",
            "1:At least one record could not be decoded; each has an error line on standard error.",
            "2:The topic, the cluster or the registry could not be read, or an option is invalid.",
            "130:Stopped by Ctrl-C (143 for SIGTERM), after printing the summary."})
final class TailCommand implements Callable<Integer> {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read, e.g. edgeplane.state.node-health.")
    String topic;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT",
            description = "Kafka broker address to connect to; a comma-separated list is allowed.")
    String bootstrapServer;

    @Option(names = "--registry", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
            description = "Schema registry URL; a comma-separated list is allowed (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--from-beginning", description = "Start at the earliest offset of each partition.")
    boolean fromBeginning;

    @Option(names = "--follow", description = "Keep waiting for new records after reaching the end, until Ctrl-C.")
    boolean follow;

    @Option(names = "--max", paramLabel = "N", description = "Stop after printing N records.")
    Long max;

    @Option(names = "--partition", paramLabel = "P", description = "Read only partition P.")
    Integer partition;

    @Option(names = "--offset", paramLabel = "OFFSET", description = "Start at OFFSET; requires --partition.")
    Long offset;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "15000",
            description = "Maximum wait for the cluster's metadata, in milliseconds (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() {
        new TailOptions(spec.commandLine()).check(bootstrapServer, max, partition, offset, timeoutMs, fromBeginning);
        RegistryUrls.check(spec.commandLine(), registryUrl);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean followEnd = follow || (!fromBeginning && offset == null);

        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(Map.of("schema.registry.url", registryUrl));
        GenericAvroDeserializer deserializer = new GenericAvroDeserializer(registry);
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        try (KafkaConsumer<byte[], byte[]> consumer = TailConsumers.create(bootstrapServer, timeoutMs)) {
            Thread shutdownHook = TailConsumers.wakeUpOnShutdown(consumer, stopping, finished);
            try {
                TailPosition position = TailPosition.assign(consumer, topic, partition, offset, fromBeginning, timeoutMs);
                return tail(consumer, position, deserializer, followEnd, stopping, out, err);
            } finally {
                finished.countDown();
                ShutdownHooks.remove(shutdownHook);
            }
        } catch (TailPosition.TopicNotFoundException e) {
            err.println("edgeplane tail: " + e.getMessage());
            err.flush();
            return ExceptionHandler.EXIT_FAILED;
        } catch (SchemaRegistryException e) {
            err.println("edgeplane tail: cannot read schemas from the registry at " + registryUrl + ": " + e.getMessage()
                    + ". Check --registry, or start one with './edgeplane registry'.");
            err.flush();
            return ExceptionHandler.EXIT_FAILED;
        }
    }

    private int tail(KafkaConsumer<byte[], byte[]> consumer, TailPosition position, GenericAvroDeserializer deserializer,
            boolean followEnd, AtomicBoolean stopping, PrintWriter out, PrintWriter err) {
        long printed = 0;
        long undecodable = 0;
        try {
            while (!stopping.get() && (followEnd || !position.reachedEnd(consumer))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (max != null && printed >= max) {
                        break;
                    }
                    try {
                        out.println(JSON.writeValueAsString(toJson(record, deserializer)));
                        printed++;
                    } catch (WireFormatException e) {
                        undecodable++;
                        reportUndecodable(err, record, e.reason() + ": " + e.detail());
                    } catch (ClassCastException e) {
                        // The writer schema is valid Avro but not a record, e.g. a bare string.
                        undecodable++;
                        reportUndecodable(err, record, "the value's schema is not an Avro record");
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("Cannot write the record at offset " + record.offset() + " as JSON", e);
                    }
                }
                out.flush();
                err.flush();
                if (max != null && printed >= max) {
                    break;
                }
                if (out.checkError()) {
                    // Standard output was closed, e.g. by 'head', so further records have no reader.
                    break;
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C: the shutdown hook woke the consumer; fall through to the summary.
        }
        out.flush();
        err.flush();
        if (stopping.get()) {
            // The shutdown hook waits for this line; the JVM then exits with 130 (SIGINT) or 143 (SIGTERM).
            err.println("edgeplane tail: stopped after printing " + printed + " records"
                    + (undecodable > 0 ? "; " + undecodable + " could not be decoded." : "."));
            err.flush();
            return undecodable > 0 ? 1 : 0;
        }
        if (undecodable > 0) {
            err.println("edgeplane tail: printed " + printed + " records; " + undecodable + " could not be decoded.");
            err.flush();
            return 1;
        }
        return 0;
    }

    private static void reportUndecodable(PrintWriter err, ConsumerRecord<byte[], byte[]> record, String reason) {
        err.println("edgeplane tail: cannot decode the record at " + record.topic() + " partition " + record.partition()
                + " offset " + record.offset() + ": " + reason + "; skipped");
    }

    private ObjectNode toJson(ConsumerRecord<byte[], byte[]> record, GenericAvroDeserializer deserializer) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.set("key", decodeKey(record.key()));
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        if (record.value() == null) {
            line.putNull("schemaId");
            line.putNull("value");
            return line;
        }
        GenericRecord value = deserializer.deserialize(record.topic(), record.value());
        line.put("schemaId", ByteBuffer.wrap(record.value(), 1, 4).getInt());
        line.set("value", AvroJsonRenderer.render(value, value.getSchema()));
        return line;
    }

    /** Edgeplane keys are UTF-8 strings; a null key stays null. */
    private static JsonNode decodeKey(byte[] key) {
        if (key == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return JsonNodeFactory.instance.textNode(new String(key, StandardCharsets.UTF_8));
    }

    /** Checks option combinations that picocli cannot express. */
    private record TailOptions(picocli.CommandLine commandLine) {
        void check(String bootstrap, Long max, Integer partition, Long offset, long timeoutMs, boolean fromBeginning) {
            String reason = BootstrapServers.invalidReason(bootstrap);
            if (reason != null) {
                fail("Invalid --bootstrap-server '" + bootstrap + "': " + reason + ". Give HOST:PORT, e.g. 127.0.0.1:9092.");
            }
            if (max != null && max < 1) {
                fail("Invalid --max " + max + ": give 1 or more records.");
            }
            if (partition != null && partition < 0) {
                fail("Invalid --partition " + partition + ": partitions are numbered from 0.");
            }
            if (offset != null && partition == null) {
                fail("--offset " + offset + " needs --partition: offsets are per partition.");
            }
            if (offset != null && offset < 0) {
                fail("Invalid --offset " + offset + ": offsets start at 0.");
            }
            if (offset != null && fromBeginning) {
                fail("--offset and --from-beginning both set the start; give only one.");
            }
            if (timeoutMs < 1 || timeoutMs > Integer.MAX_VALUE) {
                fail("Invalid --timeout-ms " + timeoutMs + ": use 1 to " + Integer.MAX_VALUE + " milliseconds.");
            }
        }

        private void fail(String message) {
            throw new picocli.CommandLine.ParameterException(commandLine, message);
        }
    }
}
