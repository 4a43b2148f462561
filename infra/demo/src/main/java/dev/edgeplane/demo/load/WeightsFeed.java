package dev.edgeplane.demo.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.edgeplane.demo.internal.TopicFollower;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;

/**
 * The latest {@link ServiceWeights} of every key of {@code edgeplane.lb.weights}, read from the
 * beginning of the topic on a thread of its own. Keys are {@code namespace/service@clientNode}, as
 * the lb-updater writes them; a tombstone removes its key. Thread-safe; the caller closes it.
 */
public final class WeightsFeed implements WeightsSource, AutoCloseable {

    private final Map<String, ServiceWeights> latest = new ConcurrentHashMap<>();
    private final List<Consumer<ServiceWeights>> listeners = new CopyOnWriteArrayList<>();
    private final SpecificAvroDeserializer<ServiceWeights> deserializer;
    private final TopicFollower follower;

    private WeightsFeed(String bootstrapServers, String registryUrl) {
        this.deserializer = new SpecificAvroDeserializer<>(RestSchemaRegistryClient.forUrl(registryUrl),
                ServiceWeights.class);
        String topic = TopicCatalog.LB_WEIGHTS.name();
        this.follower = TopicFollower.start(bootstrapServers, "edgeplane-demo-weights",
                Map.of(topic, (key, value, timestampMs) -> accept(topic, key, value)));
    }

    /**
     * Starts reading the weights topic. Blocks until its partitions are known.
     *
     * @throws IllegalStateException if the topic does not exist
     */
    public static WeightsFeed start(String bootstrapServers, String registryUrl) {
        return new WeightsFeed(bootstrapServers, registryUrl);
    }

    /** Builds the record key of one service's weights for clients on {@code clientNode}. */
    public static String key(String namespace, String service, String clientNode) {
        return namespace + "/" + service + "@" + clientNode;
    }

    @Override
    public Optional<ServiceWeights> weightsFor(String namespace, String service, String clientNode) {
        return Optional.ofNullable(latest.get(key(namespace, service, clientNode)));
    }

    /** Registers a listener for every weight set read from now on; it runs on the feed's thread. */
    public void addListener(Consumer<ServiceWeights> listener) {
        listeners.add(listener);
    }

    private void accept(String topic, String key, byte[] value) {
        if (key == null) {
            throw new IllegalArgumentException("Invalid weights record without a key: keys are namespace/service@clientNode");
        }
        if (value == null) {
            latest.remove(key);
            return;
        }
        ServiceWeights weights = deserializer.deserialize(topic, value);
        latest.put(key, weights);
        listeners.forEach(listener -> listener.accept(weights));
    }

    /** Stops reading. Blocks up to about 10 s. */
    @Override
    public void close() {
        follower.close();
        deserializer.close();
    }
}
