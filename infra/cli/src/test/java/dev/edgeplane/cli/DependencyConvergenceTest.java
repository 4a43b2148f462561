package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * Kafka, Avro and fabric8 each bring Jackson: Kafka and Avro use Jackson 2, fabric8 8 uses Jackson 3,
 * and both share {@code jackson-annotations}. This test uses all three in one JVM, on the class path
 * that the shipped command has, so a version that one of them cannot load fails here first.
 */
@WithKafkaBroker
class DependencyConvergenceTest {

    private static final Schema EVENT = new Schema.Parser().parse("""
            {"type": "record", "name": "Probe", "namespace": "dev.edgeplane.test",
             "fields": [
               {"name": "node", "type": "string", "doc": "Node name."},
               {"name": "rttMicros", "type": "long", "default": 0, "doc": "Round-trip time in microseconds."},
               {"name": "labels", "type": {"type": "map", "values": "string"}, "default": {}}
             ]}""");

    @Test
    void jacksonModulesShareOneVersion() {
        String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();

        assertThat(databind).isEqualTo(core);
        assertThat(tools.jackson.databind.cfg.PackageVersion.VERSION.toString())
                .isEqualTo(tools.jackson.core.json.PackageVersion.VERSION.toString());
    }

    @Test
    void kafkaAvroAndFabric8WorkInOneJvm(EmbeddedKafkaBroker broker) throws Exception {
        GenericRecord probe = new GenericData.Record(EVENT);
        probe.put("node", "edge-17");
        probe.put("rttMicros", 4200L);
        probe.put("labels", Map.of("edgeplane.dev/location", "harbour"));
        String avroJson = toAvroJson(probe);

        byte[] connectJson = connectJsonConverter().fromConnectData("convergence", null, avroJson);
        SchemaAndValue connectValue = connectJsonConverter().toConnectData("convergence", connectJson);

        Pod pod = new PodBuilder().withNewMetadata().withName("collision-warning-0")
                .addToLabels("edgeplane.dev/location", "harbour").endMetadata()
                .withNewSpec().withSchedulerName("edgeplane").endSpec().build();
        KubernetesSerialization serialization = new KubernetesSerialization();
        String podYaml = serialization.asYaml(pod);
        Pod podBack = serialization.unmarshal(podYaml, Pod.class);

        String topic = "convergence";
        createTopic(broker.bootstrapServers(), topic);
        produce(broker.bootstrapServers(), topic, avroJson.getBytes(StandardCharsets.UTF_8));
        byte[] consumed = consumeOne(broker.bootstrapServers(), topic);

        GenericRecord decoded = fromAvroJson(new String(consumed, StandardCharsets.UTF_8));
        assertThat(decoded.get("node").toString()).isEqualTo("edge-17");
        assertThat(decoded.get("rttMicros")).isEqualTo(4200L);
        assertThat(connectValue.value()).isEqualTo(avroJson);
        assertThat(podBack.getSpec().getSchedulerName()).isEqualTo("edgeplane");
        assertThat(podBack.getMetadata().getLabels()).containsEntry("edgeplane.dev/location", "harbour");
    }

    private static String toAvroJson(GenericRecord record) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(EVENT, out);
        new GenericDatumWriter<GenericRecord>(EVENT).write(record, encoder);
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static GenericRecord fromAvroJson(String json) throws Exception {
        return new GenericDatumReader<GenericRecord>(EVENT).read(null, DecoderFactory.get().jsonDecoder(EVENT, json));
    }

    private static JsonConverter connectJsonConverter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        return converter;
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produce(String bootstrap, String topic, byte[] value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private static byte[] consumeOne(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "convergence",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    return records.iterator().next().value();
                }
            }
        }
        throw new AssertionError("No record arrived on topic " + topic + " within 30 s");
    }
}
