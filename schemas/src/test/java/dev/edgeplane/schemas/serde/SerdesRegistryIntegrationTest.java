package dev.edgeplane.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.CompatibilityMode;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicSpec;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import dev.edgeplane.schemas.testing.SampleEvents;
import dev.edgeplane.schemas.testing.SchemaVariants;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Producers and consumers configured only by properties, with the serdes against the embedded
 * schema registry and a real broker: registration, look-up without registration, subject names,
 * schema evolution and the compatibility mode of a catalog subject.
 */
@WithKafkaBroker
class SerdesRegistryIntegrationTest {

    private static final Schema SENSOR_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "ParkingSensor", "namespace": "dev.edgeplane.test", "fields": [
              {"name": "sensor", "type": "string"},
              {"name": "occupied", "type": "boolean"},
              {"name": "observedTime", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}""");

    /** Version 2 adds two fields with defaults, so each version reads the other's records. */
    private static final Schema SENSOR_V2 = SchemaVariants.withField(
            SchemaVariants.withField(SENSOR_V1, "{\"name\": \"zone\", \"type\": \"string\", \"default\": \"unknown\"}"),
            "{\"name\": \"batteryVolts\", \"type\": [\"null\", \"double\"], \"default\": null}");

    private static SchemaRegistryServer server;
    private static RestSchemaRegistryClient registry;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-serdes-it").port(0).build().start();
        registry = RestSchemaRegistryClient.forUrl(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void propertiesOnlyProducerAndConsumer(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "registry-it.node-metrics";
        createTopic(broker, topic);
        List<NodeMetrics> sent = List.of(SampleEvents.nodeMetrics(), withPods(18), withoutRtLimit());

        try (KafkaProducer<String, NodeMetrics> producer = new KafkaProducer<>(producerProps(broker,
                StringSerializer.class, Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "true")))) {
            for (NodeMetrics metrics : sent) {
                producer.send(new ProducerRecord<>(topic, metrics.getNode(), metrics)).get();
            }
        }
        List<ConsumerRecord<String, NodeMetrics>> read = consumeAll(broker, topic, StringDeserializer.class.getName(),
                SpecificAvroDeserializer.class.getName(), sent.size());

        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(read.get(0).value()).isInstanceOf(NodeMetrics.class);
        assertThat(read.get(0).value().getEventTime()).isEqualTo(SampleEvents.T0);
        assertThat(read.get(2).value().getRtBandwidthLimitCpus()).isNull();
        assertThat(registry.getVersions(topic + "-value")).containsExactly(1);
        assertThat(registry.getLatestVersion(topic + "-value").schema()).isEqualTo(NodeMetrics.getClassSchema());
    }

    @Test
    void unregisteredSchemaWithoutAutoRegisterFails(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "registry-it.unregistered";
        createTopic(broker, topic);

        try (KafkaProducer<String, NodeMetrics> producer = new KafkaProducer<>(producerProps(broker,
                StringSerializer.class, Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false")))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "edge-harbor-1", SampleEvents.nodeMetrics())))
                    .as("the subject does not exist")
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("Schema dev.edgeplane.event.telemetry.NodeMetrics is not registered under subject"
                            + " 'registry-it.unregistered-value' and auto.register.schemas is false: register the"
                            + " schema first or set auto.register.schemas=true")
                    .cause()
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));

            registry.register(topic + "-value", SchemaVariants.withField(NodeMetrics.getClassSchema(),
                    "{\"name\": \"gpuUsedRatio\", \"type\": [\"null\", \"double\"], \"default\": null}"));
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "edge-harbor-1", SampleEvents.nodeMetrics())))
                    .as("the subject has another schema")
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not registered under subject 'registry-it.unregistered-value'")
                    .cause()
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));

            int id = registry.register(topic + "-value", NodeMetrics.getClassSchema());
            var metadata = producer.send(new ProducerRecord<>(topic, "edge-harbor-1", SampleEvents.nodeMetrics())).get();
            assertThat(metadata.offset()).as("written once registered, with id %d", id).isZero();
        }
        assertThat(registry.getVersions(topic + "-value")).as("the producer registered nothing").containsExactly(1, 2);
    }

    @Test
    void keysAndValuesGetOwnSubjects(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "registry-it.keyed";
        createTopic(broker, topic);
        TelemetrySource key = TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT).setId("agent-edge-harbor-1").build();

        try (KafkaProducer<TelemetrySource, NodeMetrics> producer = new KafkaProducer<>(producerProps(broker,
                SpecificAvroSerializer.class, Map.of()))) {
            producer.send(new ProducerRecord<>(topic, key, SampleEvents.nodeMetrics())).get();
        }
        ConsumerRecord<byte[], byte[]> raw = SerdesRegistryIntegrationTest.<byte[], byte[]>consumeAll(broker, topic, ByteArrayDeserializer.class.getName(),
                ByteArrayDeserializer.class.getName(), 1).get(0);
        ConsumerRecord<TelemetrySource, NodeMetrics> typed = SerdesRegistryIntegrationTest.<TelemetrySource, NodeMetrics>consumeAll(broker, topic,
                SpecificAvroDeserializer.class.getName(), SpecificAvroDeserializer.class.getName(), 1).get(0);

        assertThat(registry.getLatestVersion(SubjectNames.keySubject(topic)).schema()).isEqualTo(TelemetrySource.getClassSchema());
        assertThat(registry.getLatestVersion(SubjectNames.valueSubject(topic)).schema()).isEqualTo(NodeMetrics.getClassSchema());
        assertThat(schemaId(raw.key())).isEqualTo(registry.getId(topic + "-key", TelemetrySource.getClassSchema()));
        assertThat(schemaId(raw.value())).isEqualTo(registry.getId(topic + "-value", NodeMetrics.getClassSchema()));
        assertThat(typed.key()).isEqualTo(key);
        assertThat(typed.value()).isEqualTo(SampleEvents.nodeMetrics());
    }

    @Test
    void evolvedSchemasReadEachOther() {
        String topic = "registry-it.parking";
        String subject = SubjectNames.valueSubject(topic);
        registry.setSubjectCompatibility(subject, CompatibilityMode.FULL_TRANSITIVE);
        int v1 = registry.register(subject, SENSOR_V1);
        GenericAvroSerializer serializer = new GenericAvroSerializer();
        serializer.configure(Map.of("schema.registry.url", server.url(), "auto.register.schemas", false), false);

        byte[] writtenWithV1 = serializer.serialize(topic, sensorV1());
        GenericRecord v1AsV2 = new GenericAvroDeserializer(RestSchemaRegistryClient.forUrl(server.url()), SENSOR_V2)
                .deserialize(topic, writtenWithV1);

        assertThat(schemaId(writtenWithV1)).isEqualTo(v1);
        assertThat(v1AsV2.getSchema()).isEqualTo(SENSOR_V2);
        assertThat(v1AsV2.get("sensor")).hasToString("lot-7/bay-12");
        assertThat(v1AsV2.get("occupied")).isEqualTo(true);
        assertThat(v1AsV2.get("observedTime")).isEqualTo(SampleEvents.T0.toEpochMilli());
        assertThat(v1AsV2.get("zone")).as("default of the new field").hasToString("unknown");
        assertThat(v1AsV2.get("batteryVolts")).isNull();

        int v2 = registry.register(subject, SENSOR_V2);
        byte[] writtenWithV2 = serializer.serialize(topic, sensorV2());
        GenericRecord v2AsV1 = new GenericAvroDeserializer(RestSchemaRegistryClient.forUrl(server.url()), SENSOR_V1)
                .deserialize(topic, writtenWithV2);
        GenericRecord v2AsWritten = new GenericAvroDeserializer(RestSchemaRegistryClient.forUrl(server.url()))
                .deserialize(topic, writtenWithV2);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(schemaId(writtenWithV2)).isEqualTo(v2);
        assertThat(v2AsV1.getSchema()).isEqualTo(SENSOR_V1);
        assertThat(v2AsV1.hasField("zone")).isFalse();
        assertThat(v2AsV1.get("sensor")).hasToString("lot-7/bay-12");
        assertThat(v2AsV1.get("occupied")).isEqualTo(false);
        assertThat(v2AsWritten.getSchema()).as("the writer schema fetched by id").isEqualTo(SENSOR_V2);
        assertThat(v2AsWritten.get("zone")).hasToString("harbor");
        assertThat(v2AsWritten.get("batteryVolts")).isEqualTo(3.6);
    }

    @Test
    void catalogSubjectRejectsIncompatibleSchema() {
        TopicSpec spec = TopicCatalog.NODE_METRICS;
        String subject = SubjectNames.valueSubject(spec.name());
        registry.setSubjectCompatibility(subject, spec.compatibility());
        SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", server.url()), false);
        serializer.serialize(spec.name(), SampleEvents.nodeMetrics());
        Schema withGpuDefault = SchemaVariants.withField(NodeMetrics.getClassSchema(),
                "{\"name\": \"gpuUsedRatio\", \"type\": \"double\", \"default\": 0.0}");
        Schema withGpuRequired = SchemaVariants.withField(NodeMetrics.getClassSchema(),
                "{\"name\": \"gpuUsedRatio\", \"type\": \"double\"}");
        registry.register(subject, withGpuDefault);

        assertThat(registry.getSubjectCompatibility(subject)).contains(CompatibilityMode.FULL_TRANSITIVE);
        assertThat(registry.testCompatibility(subject, 2, withGpuRequired).compatible())
                .as("compatible with the latest version alone").isTrue();
        assertThatThrownBy(() -> registry.register(subject, withGpuRequired))
                .as("incompatible with version 1, which has no gpuUsedRatio")
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("Field 'gpuUsedRatio'")
                .hasMessageContaining("FULL_TRANSITIVE");
        GenericRecord record = new GenericData.Record(withGpuRequired);
        assertThatThrownBy(() -> new GenericAvroSerializer(RestSchemaRegistryClient.forUrl(server.url()))
                .serialize(spec.name(), record))
                .as("a serializer that registers the schema")
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("gpuUsedRatio");
        assertThat(registry.getVersions(subject)).containsExactly(1, 2);
    }

    private static Map<String, Object> producerProps(EmbeddedKafkaBroker broker, Class<?> keySerializer,
            Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SpecificAvroSerializer.class.getName());
        props.put("schema.registry.url", server.url());
        return props;
    }

    private static <K, V> List<ConsumerRecord<K, V>> consumeAll(EmbeddedKafkaBroker broker, String topic,
            String keyDeserializer, String valueDeserializer, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        props.put("schema.registry.url", server.url());
        List<ConsumerRecord<K, V>> read = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() >= expected;
            });
        }
        return read;
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static int schemaId(byte[] wireFormat) {
        return ByteBuffer.wrap(wireFormat, 1, 4).getInt();
    }

    private static NodeMetrics withPods(int pods) {
        NodeMetrics metrics = SampleEvents.nodeMetrics();
        metrics.setPodCount(pods);
        return metrics;
    }

    private static NodeMetrics withoutRtLimit() {
        NodeMetrics metrics = SampleEvents.nodeMetrics();
        metrics.setNode("edge-station-2");
        metrics.setRtBandwidthLimitCpus(null);
        return metrics;
    }

    private static GenericRecord sensorV1() {
        GenericRecord record = new GenericData.Record(SENSOR_V1);
        record.put("sensor", "lot-7/bay-12");
        record.put("occupied", true);
        record.put("observedTime", SampleEvents.T0.toEpochMilli());
        return record;
    }

    private static GenericRecord sensorV2() {
        GenericRecord record = new GenericData.Record(SENSOR_V2);
        record.put("sensor", "lot-7/bay-12");
        record.put("occupied", false);
        record.put("observedTime", SampleEvents.T0.plusSeconds(60).toEpochMilli());
        record.put("zone", "harbor");
        record.put("batteryVolts", 3.6);
        return record;
    }
}
