package dev.edgeplane.bench.internal;

import java.util.List;
import java.util.Properties;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Creates the consumers with which the latency runs wait for the records written after a fault. */
final class EndConsumers {

    private EndConsumers() {
    }

    /**
     * Returns a consumer of committed records that is assigned every partition of {@code topic} and
     * positioned at its end. Blocks until the positions are known; the caller closes the consumer.
     */
    static <T extends SpecificRecord> KafkaConsumer<String, T> atEnd(String bootstrapServers,
            SchemaRegistryClient client, String topic, Class<T> type) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new SpecificAvroDeserializer<>(client, type));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
