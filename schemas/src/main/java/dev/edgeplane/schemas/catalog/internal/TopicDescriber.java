package dev.edgeplane.schemas.catalog.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Reads the partitions, replication factor and checked configs of existing topics with one
 * describe-topics and one describe-configs request for all of them.
 */
public final class TopicDescriber {

    private static final List<String> CHECKED_CONFIGS = List.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.RETENTION_MS_CONFIG, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);

    private final Admin admin;
    private final Duration timeout;

    /** Creates a describer that uses {@code admin}, which the caller closes, and waits up to {@code timeout} per topic. */
    public TopicDescriber(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Per-topic result: the observed topic, or why it could not be described. */
    public record Result(ObservedTopic topic, String error) {
    }

    /** Describes {@code topics}, blocking until every response arrived or the timeout passed. */
    public Map<String, Result> describe(Collection<String> topics) {
        Map<String, Result> results = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return results;
        }
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(topics).topicNameValues();
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(resources).values();

        for (String topic : topics) {
            try {
                TopicDescription description = AdminCalls.await(descriptions.get(topic), timeout, "describe topic " + topic);
                Config config = AdminCalls.await(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)), timeout,
                        "describe the configs of topic " + topic);
                results.put(topic, new Result(observe(description, config), null));
            } catch (ExecutionException e) {
                results.put(topic, new Result(null, "describing the topic failed: " + AdminCalls.reason(e)));
            } catch (TimeoutException e) {
                results.put(topic, new Result(null, "describing the topic timed out after " + timeout.toMillis() + " ms"));
            }
        }
        return results;
    }

    private static ObservedTopic observe(TopicDescription description, Config config) {
        int replicationFactor = description.partitions().stream()
                .mapToInt(partition -> partition.replicas().size())
                .min()
                .orElse(0);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : CHECKED_CONFIGS) {
            ConfigEntry entry = config.get(name);
            if (entry != null && entry.value() != null) {
                values.put(name, entry.value());
            }
        }
        return new ObservedTopic(description.partitions().size(), replicationFactor, values);
    }
}
