package dev.edgeplane.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import dev.edgeplane.schemas.serde.WireFormatException.Reason;
import dev.edgeplane.schemas.testing.AvroRoundTrip;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Specific-mode serdes against an in-memory registry: wire format layout, subjects, caching,
 * configuration and errors. Schema evolution through the serdes is in {@link SerdeSchemaEvolutionTest}.
 */
class SpecificAvroSerdeTest {

    private static final String TOPIC = "edgeplane.telemetry.node-metrics";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void roundTripsEveryEvent() {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>(registry);
        SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>(registry);

        for (SpecificRecord sample : SampleEvents.all()) {
            byte[] bytes = serializer.serialize("topic-" + sample.getSchema().getName(), sample);

            assertThat(deserializer.deserialize("topic-" + sample.getSchema().getName(), bytes))
                    .as(sample.getSchema().getName())
                    .isEqualTo(sample);
        }
    }

    @Test
    void writesMagicByteIdAndPlainAvro() {
        NodeMetrics sample = SampleEvents.nodeMetrics();

        byte[] bytes = new SpecificAvroSerializer<NodeMetrics>(registry).serialize(TOPIC, sample);

        int id = registry.getId(TOPIC + "-value", NodeMetrics.getClassSchema());
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        byte[] plainAvro = AvroRoundTrip.write(NodeMetrics.getClassSchema(), sample,
                SpecificData.getForSchema(NodeMetrics.getClassSchema()));
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro);
    }

    @Test
    void registersUnderKeyOrValueSubject() {
        SpecificAvroSerializer<NodeMetrics> keySerializer = new SpecificAvroSerializer<>(registry);
        keySerializer.configure(Map.of(), true);

        keySerializer.serialize(TOPIC, SampleEvents.nodeMetrics());
        new SpecificAvroSerializer<NodeMetrics>(registry).serialize(TOPIC, SampleEvents.nodeMetrics());

        assertThat(registry.versions(TOPIC + "-key")).containsExactly(NodeMetrics.getClassSchema());
        assertThat(registry.versions(TOPIC + "-value")).containsExactly(NodeMetrics.getClassSchema());
    }

    @Test
    void cachesIdsAndSchemas() {
        SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>(registry);
        SpecificAvroDeserializer<NodeMetrics> deserializer = new SpecificAvroDeserializer<>(registry, NodeMetrics.class);

        for (int i = 0; i < 50; i++) {
            deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, SampleEvents.nodeMetrics()));
        }

        assertThat(registry.registerCalls()).isEqualTo(1);
        assertThat(registry.getSchemaByIdCalls()).isEqualTo(1);
    }

    @Test
    void withoutAutoRegisterLooksUpOnly() {
        SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>(registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false"), false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleEvents.nodeMetrics()))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Schema dev.edgeplane.event.telemetry.NodeMetrics is not registered under subject"
                        + " 'edgeplane.telemetry.node-metrics-value' and auto.register.schemas is false: register"
                        + " the schema first or set auto.register.schemas=true");

        int id = registry.register(TOPIC + "-value", NodeMetrics.getClassSchema());
        byte[] bytes = serializer.serialize(TOPIC, SampleEvents.nodeMetrics());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(registry.registerCalls()).isEqualTo(1);
        assertThat(registry.getIdCalls()).isEqualTo(2);
    }

    @Test
    void nullIsTombstone() {
        assertThat(new SpecificAvroSerializer<NodeMetrics>(registry).serialize(TOPIC, null)).isNull();
        assertThat(new SpecificAvroDeserializer<NodeMetrics>(registry).deserialize(TOPIC, null)).isNull();
    }

    @Test
    void badMagicByteNamesTopicAndByte() {
        byte[] bytes = serialized();
        bytes[0] = 7;

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC_BYTE);
                    assertThat(e.topic()).isEqualTo(TOPIC);
                    assertThat(e.partition()).isEqualTo(WireFormatException.UNKNOWN_POSITION);
                })
                .hasMessage("Invalid record value in topic 'edgeplane.telemetry.node-metrics' (partition and offset"
                        + " not known to the deserializer): BAD_MAGIC_BYTE: first byte is 0x07, expected the magic"
                        + " byte 0x00; the producer did not use the Confluent wire format. No retry can read it:"
                        + " skip it or route it to a dead-letter topic.");
    }

    @Test
    void positionedCopyNamesPartitionAndOffset() {
        WireFormatException e = new WireFormatException(TOPIC, true, Reason.UNKNOWN_SCHEMA_ID,
                "the schema registry has no schema with id 99", null);

        WireFormatException located = e.atPosition(3, 1024L);

        assertThat(located.partition()).isEqualTo(3);
        assertThat(located.offset()).isEqualTo(1024L);
        assertThat(located.getCause()).isSameAs(e);
        assertThat(located.getMessage()).isEqualTo("Invalid record key in topic 'edgeplane.telemetry.node-metrics',"
                + " partition 3, offset 1024: UNKNOWN_SCHEMA_ID: the schema registry has no schema with id 99. No"
                + " retry can read it: skip it or route it to a dead-letter topic.");
        assertThat(WireFormatException.find(new RuntimeException(located))).isSameAs(located);
    }

    @Test
    void shortRecordIsTruncated() {
        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessageContaining("record has 3 bytes, fewer than the 5-byte wire format header");
    }

    @Test
    void cutPayloadIsTruncated() {
        byte[] bytes = serialized();
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, cut))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessageContaining("payload bytes end before a complete dev.edgeplane.event.telemetry.NodeMetrics"
                        + " record (schema id 1)");
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] bytes = serialized();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, longer))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD))
                .hasMessageContaining("2 bytes remain after the dev.edgeplane.event.telemetry.NodeMetrics record");
    }

    @Test
    void unknownIdIsReported() {
        byte[] bytes = serialized();
        ByteBuffer.wrap(bytes, 1, 4).putInt(4711);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID))
                .hasMessageContaining("UNKNOWN_SCHEMA_ID: the schema registry has no schema with id 4711");
    }

    @Test
    void otherRecordTypeIsIncompatible() {
        byte[] linkLatency = new SpecificAvroSerializer<LinkLatency>(registry).serialize(TOPIC, SampleEvents.linkLatency());

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, linkLatency))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("writer schema dev.edgeplane.event.telemetry.LinkLatency (id 1) cannot be read as"
                        + " dev.edgeplane.event.telemetry.NodeMetrics: NAME_MISMATCH");
    }

    @Test
    void registryOutageIsNotWireFormatError() {
        byte[] bytes = serialized();
        registry.setDown(true);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE));
        assertThatThrownBy(() -> new SpecificAvroSerializer<NodeMetrics>(registry)
                .serialize(TOPIC, SampleEvents.nodeMetrics()))
                .isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void invalidRecordFailsToSerialize() {
        NodeMetrics invalid = SampleEvents.nodeMetrics();
        invalid.setNode(null);

        assertThatThrownBy(() -> new SpecificAvroSerializer<NodeMetrics>(registry).serialize(TOPIC, invalid))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Failed to serialize a dev.edgeplane.event.telemetry.NodeMetrics record value"
                        + " for topic 'edgeplane.telemetry.node-metrics'");
    }

    @Test
    void serdeByClassNameTakesClientFromConfig() {
        SpecificAvroSerde<NodeMetrics> serde = new SpecificAvroSerde<>();
        Map<String, Object> configs = new HashMap<>();
        configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG, registry);
        serde.configure(configs, false);

        byte[] bytes = serde.serializer().serialize(TOPIC, SampleEvents.nodeMetrics());

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(SampleEvents.nodeMetrics());
    }

    @Test
    void serdeWithoutClientFailsClearly() {
        SpecificAvroSerde<NodeMetrics> serde = new SpecificAvroSerde<>();

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, SampleEvents.nodeMetrics()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SpecificAvroSerializer has no schema registry client: call configure() with"
                        + " schema.registry.url or edgeplane.schema.registry.client first, or create it with a client");
        assertThatThrownBy(() -> serde.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("No schema registry client: set schema.registry.url");
        assertThatThrownBy(() -> serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG, "http://x"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG);
    }

    @Test
    void readsByWriterClassWithoutReaderClass() {
        SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>(registry, null);

        List<SpecificRecord> read = SampleEvents.all().stream()
                .map(sample -> serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, sample)))
                .toList();

        assertThat(read).isEqualTo(SampleEvents.all());
        assertThat(((NodeMetrics) read.get(0)).getSource().getKind()).isEqualTo(SourceKind.EDGE_AGENT);
    }

    private byte[] serialized() {
        return new SpecificAvroSerializer<NodeMetrics>(registry).serialize(TOPIC, SampleEvents.nodeMetrics());
    }

    private SpecificAvroDeserializer<NodeMetrics> deserializer() {
        return new SpecificAvroDeserializer<>(registry, NodeMetrics.class);
    }
}
