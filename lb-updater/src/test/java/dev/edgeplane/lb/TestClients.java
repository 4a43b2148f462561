package dev.edgeplane.lb;

import java.util.Map;
import java.util.Set;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Kafka and Avro clients that the lb-updater integration tests share. The caller closes each one. */
final class TestClients {

    private TestClients() {
    }

    /** Returns a consumer of {@code topic} in {@code group} that reads raw values from the earliest offset. */
    static KafkaConsumer<String, byte[]> consumer(EmbeddedKafkaBroker broker, String topic, String group) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Set.of(topic));
        return consumer;
    }

    /** Returns an Avro serializer that registers its schemas at {@code registryUrl}. */
    static <T extends SpecificRecord> SpecificAvroSerializer<T> writer(String registryUrl) {
        SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(LbUpdaterConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        return serializer;
    }

    /** Returns an Avro deserializer that looks schemas up at {@code registryUrl}. */
    static <T extends SpecificRecord> SpecificAvroDeserializer<T> reader(String registryUrl) {
        SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(Map.of(LbUpdaterConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        return deserializer;
    }
}
