package dev.edgeplane.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.schemas.testing.AvroRoundTrip;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import dev.edgeplane.schemas.testing.SchemaVariants;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Producers and consumers on different schema versions share a topic: the reader schema resolves
 * older and newer writer schemas that the registry names by id.
 */
class SerdeSchemaEvolutionTest {

    private static final String TOPIC = "edgeplane.telemetry.node-metrics";
    private static final Schema CURRENT = NodeMetrics.getClassSchema();

    /** An older NodeMetrics without the optional real-time bandwidth limit. */
    private static final Schema OLDER = SchemaVariants.withoutField(CURRENT, "rtBandwidthLimitCpus");

    /** A newer NodeMetrics with an optional GPU field and one more source kind. */
    private static final Schema NEWER = SchemaVariants.edit(
            SchemaVariants.withField(CURRENT, "{\"name\": \"gpuUsedRatio\", \"type\": [\"null\", \"double\"],"
                    + " \"default\": null, \"doc\": \"GPU use, a ratio.\"}"),
            root -> {
                ObjectNode source = (ObjectNode) SchemaVariants.field(root, "source").get("type");
                ObjectNode kind = (ObjectNode) SchemaVariants.field(source, "kind").get("type");
                ((ArrayNode) kind.get("symbols")).add("GATEWAY_PROBE");
            });

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void currentReaderReadsOlderWriter() {
        GenericRecord older = asGeneric(SampleEvents.nodeMetrics(), OLDER);

        byte[] bytes = new GenericAvroSerializer(registry).serialize(TOPIC, older);
        NodeMetrics read = new SpecificAvroDeserializer<>(registry, NodeMetrics.class).deserialize(TOPIC, bytes);

        NodeMetrics expected = SampleEvents.nodeMetrics();
        expected.setRtBandwidthLimitCpus(null);
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void currentReaderReadsNewerWriter() {
        GenericRecord newer = asGeneric(SampleEvents.nodeMetrics(), NEWER);
        newer.put("gpuUsedRatio", 0.4);
        GenericRecord source = (GenericRecord) newer.get("source");
        source.put("kind", new GenericData.EnumSymbol(source.getSchema().getField("kind").schema(), "GATEWAY_PROBE"));

        byte[] bytes = new GenericAvroSerializer(registry).serialize(TOPIC, newer);
        NodeMetrics read = new SpecificAvroDeserializer<>(registry, NodeMetrics.class).deserialize(TOPIC, bytes);

        NodeMetrics expected = SampleEvents.nodeMetrics();
        expected.getSource().setKind(SourceKind.UNKNOWN);
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void olderReaderReadsCurrentWriter() {
        byte[] bytes = new SpecificAvroSerializer<NodeMetrics>(registry).serialize(TOPIC, SampleEvents.nodeMetrics());

        GenericRecord read = new GenericAvroDeserializer(registry, OLDER).deserialize(TOPIC, bytes);

        assertThat(read.getSchema()).isEqualTo(OLDER);
        assertThat(read.hasField("rtBandwidthLimitCpus")).isFalse();
        assertThat(AvroRoundTrip.project(read, OLDER)).isEqualTo(AvroRoundTrip.project(SampleEvents.nodeMetrics(), OLDER));
    }

    @Test
    void writersOfBothVersionsShareSubject() {
        GenericAvroSerializer serializer = new GenericAvroSerializer(registry);

        serializer.serialize(TOPIC, asGeneric(SampleEvents.nodeMetrics(), OLDER));
        new SpecificAvroSerializer<NodeMetrics>(registry).serialize(TOPIC, SampleEvents.nodeMetrics());

        assertThat(registry.versions(TOPIC + "-value")).containsExactly(OLDER, CURRENT);
    }

    /** Converts a generated record to a generic record of another version, as a producer on that version writes it. */
    private static GenericRecord asGeneric(NodeMetrics sample, Schema version) {
        byte[] plain = AvroRoundTrip.write(CURRENT, sample, SpecificData.getForSchema(CURRENT));
        return (GenericRecord) AvroRoundTrip.read(plain, CURRENT, version, GenericData.get());
    }
}
