package dev.edgeplane.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

/** Generic-mode serdes: records as written, timestamps as milliseconds, interchangeable with specific mode. */
class GenericAvroSerdeTest {

    private static final String TOPIC = "edgeplane.state.node-health";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void readsSpecificRecordAsWritten() {
        NodeHealth sample = SampleEvents.nodeHealth();
        byte[] bytes = new SpecificAvroSerializer<NodeHealth>(registry).serialize(TOPIC, sample);

        GenericRecord read = new GenericAvroDeserializer(registry).deserialize(TOPIC, bytes);

        assertThat(read.getSchema()).isEqualTo(NodeHealth.getClassSchema());
        assertThat(read.get("node")).hasToString("edge-harbor-1");
        assertThat(read.get("state")).hasToString("DEGRADED");
        assertThat(read.get("since")).isEqualTo(SampleEvents.T0.toEpochMilli());
    }

    @Test
    void writesRecordThatSpecificReaderReads() {
        GenericRecord source = new GenericRecordBuilder(NodeMetrics.getClassSchema().getField("source").schema())
                .set("kind", new GenericData.EnumSymbol(
                        NodeMetrics.getClassSchema().getField("source").schema().getField("kind").schema(), "EDGE_AGENT"))
                .set("id", "agent-edge-harbor-1")
                .build();
        GenericRecord record = new GenericRecordBuilder(NodeMetrics.getClassSchema())
                .set("node", "edge-harbor-1")
                .set("eventTime", SampleEvents.T0.toEpochMilli())
                .set("receiveTime", SampleEvents.T0.toEpochMilli() + 35)
                .set("source", source)
                .set("cpuUsedCores", 3.42)
                .set("cpuCapacityCores", 4.0)
                .set("memoryUsedBytes", 6_442_450_944L)
                .set("memoryCapacityBytes", 8_589_934_592L)
                .set("rtBandwidthUsedCpus", 1.35)
                .set("rtBandwidthLimitCpus", 3.8)
                .set("podCount", 17)
                .build();

        GenericAvroSerde serde = new GenericAvroSerde();
        Map<String, Object> configs = new HashMap<>();
        configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG, registry);
        serde.configure(configs, false);
        byte[] bytes = serde.serializer().serialize("edgeplane.telemetry.node-metrics", record);

        NodeMetrics read = new SpecificAvroDeserializer<>(registry, NodeMetrics.class)
                .deserialize("edgeplane.telemetry.node-metrics", bytes);
        assertThat(read).isEqualTo(SampleEvents.nodeMetrics());
        assertThat(serde.deserializer().deserialize("edgeplane.telemetry.node-metrics", bytes)).isEqualTo(record);
    }
}
