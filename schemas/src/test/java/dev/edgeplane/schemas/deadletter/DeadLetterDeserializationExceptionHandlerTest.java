package dev.edgeplane.schemas.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.schemas.serde.AvroSerdeConfig;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerde;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.schemas.serde.WireFormatException;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Streams topology with the real serdes routes unreadable records to the dead-letter topic and keeps going. */
class DeadLetterDeserializationExceptionHandlerTest {

    private static final String INPUT = "edgeplane.telemetry.node-metrics";
    private static final String OUTPUT = "pod-counts";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, Integer> output;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void startTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.String(), new SpecificAvroSerde<>(registry, NodeMetrics.class)))
                .filter((node, metrics) -> metrics != null)
                .mapValues(NodeMetrics::getPodCount)
                .to(OUTPUT, Produced.with(Serdes.String(), Serdes.Integer()));

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "edgeplane-anomaly-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationExceptionHandler.class);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG, registry);
        driver = new TopologyTestDriver(builder.build(), props);

        input = driver.createInputTopic(INPUT, new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(OUTPUT, Serdes.String().deserializer(), new IntegerDeserializer());
        deadLetters = driver.createOutputTopic(DeadLetters.TOPIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void unreadableRecordGoesToDeadLetterTopic() {
        byte[] good = new SpecificAvroSerializer<NodeMetrics>(registry).serialize(INPUT, SampleEvents.nodeMetrics());
        byte[] bad = {7, 0, 0, 0, 1, 42};

        input.pipeInput("edge-harbor-1", good);
        input.pipeInput("edge-harbor-1", bad);
        input.pipeInput("edge-harbor-1", good);

        assertThat(output.readValuesToList()).containsExactly(17, 17);
        TestRecord<byte[], byte[]> record = deadLetters.readRecord();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(INPUT);
        assertThat(header(record.headers(), DeadLetters.SOURCE_TOPIC_HEADER)).isEqualTo(INPUT);
        assertThat(header(record.headers(), DeadLetters.SOURCE_PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(record.headers(), DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("1");
        assertThat(header(record.headers(), DeadLetters.FAILED_STAGE_HEADER)).isEqualTo("DESERIALIZATION");
        assertThat(header(record.headers(), DeadLetters.ERROR_CLASS_HEADER))
                .isEqualTo(WireFormatException.class.getName());

        DeadLetter letter = new SpecificAvroDeserializer<>(registry, DeadLetter.class)
                .deserialize(DeadLetters.TOPIC, record.value());
        assertThat(letter.getSourceTopic()).isEqualTo(INPUT);
        assertThat(letter.getSourcePartition()).isEqualTo(0);
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(letter.getKey().array()).isEqualTo("edge-harbor-1".getBytes(StandardCharsets.UTF_8));
        assertThat(letter.getValue().array()).isEqualTo(bad);
        assertThat(letter.getFailedStage()).isEqualTo(FailedStage.DESERIALIZATION);
        assertThat(letter.getApplication()).isEqualTo("edgeplane-anomaly-test");
        assertThat(letter.getErrorClass()).isEqualTo(WireFormatException.class.getName());
        assertThat(letter.getErrorMessage()).startsWith("Invalid record value in topic"
                + " 'edgeplane.telemetry.node-metrics', partition 0, offset 1: BAD_MAGIC_BYTE: first byte is 0x07");
        assertThat(letter.getErrorMessage()).doesNotContain("not known to the deserializer");
    }

    @Test
    void registryOutageStopsInsteadOfSkipping() {
        byte[] good = new SpecificAvroSerializer<NodeMetrics>(registry).serialize(INPUT, SampleEvents.nodeMetrics());
        registry.setDown(true);

        assertThatThrownBy(() -> input.pipeInput("edge-harbor-1", good))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseMessage("Connection refused: the registry is down in this test");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(output.isEmpty()).isTrue();
    }

    @Test
    void everyUnreadableRecordIsKeptButTombstonesPass() {
        input.pipeInput("edge-harbor-1", new byte[] {0, 0, 0, 0x7f, 0x7f, 1});
        input.pipeInput("edge-harbor-1", new byte[] {0, 0});
        input.pipeInput("edge-harbor-1", (byte[]) null);
        input.pipeInput("edge-harbor-1", new byte[] {1, 0, 0, 0, 1, 2});

        assertThat(deadLetters.readRecordsToList())
                .extracting(record -> header(record.headers(), DeadLetters.SOURCE_OFFSET_HEADER))
                .containsExactly("0", "1", "3");
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
