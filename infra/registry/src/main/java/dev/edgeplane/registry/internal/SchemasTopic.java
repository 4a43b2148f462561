package dev.edgeplane.registry.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.registry.RegistryStartException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the schemas topic if it is missing and checks the layout the registry relies on: one
 * partition, so that records keep one order and every reader rebuilds the same ids, and
 * {@code cleanup.policy=compact} alone, so that retention never deletes a schema that records in
 * other topics still refer to.
 */
final class SchemasTopic {

    private static final Logger log = LoggerFactory.getLogger(SchemasTopic.class);
    private static final long DESCRIBE_RETRY_MS = 50;

    private SchemasTopic() {
    }

    /**
     * Ensures {@code topic} exists with the expected layout, blocking up to {@code timeout}.
     *
     * @throws RegistryStartException if the topic has another layout or the cluster does not respond in time
     */
    static void ensure(Admin admin, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<TopicDescription> description = describe(admin, topic, deadline);
        if (description.isEmpty()) {
            create(admin, topic, deadline);
            description = describeCreated(admin, topic, deadline);
        }
        TopicDescription found = description.orElseThrow(() -> new RegistryStartException(
                "Topic '" + topic + "' was created but cannot be described; check the broker logs and retry."));
        verifyPartitions(topic, found);
        verifyCleanupPolicy(admin, topic, deadline);
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic, long deadline) {
        try {
            return Optional.of(await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), deadline, topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new RegistryStartException("Describing topic '" + topic + "' failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Describes a topic that was just created. The broker that handles the request may not have the
     * new topic's metadata yet and then reports it unknown, so this retries until the deadline.
     */
    private static Optional<TopicDescription> describeCreated(Admin admin, String topic, long deadline) {
        Optional<TopicDescription> description = describe(admin, topic, deadline);
        while (description.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DESCRIBE_RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryStartException("Interrupted while waiting for topic '" + topic + "' to appear.", e);
            }
            description = describe(admin, topic, deadline);
        }
        return description;
    }

    private static void create(Admin admin, String topic, long deadline) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            await(admin.createTopics(List.of(newTopic)).all(), deadline, topic);
            log.info("Created schemas topic '{}' with one partition and cleanup.policy=compact", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new RegistryStartException("Creating topic '" + topic + "' failed: " + e.getCause().getMessage()
                        + ". Create it with one partition and cleanup.policy=compact, or grant the registry the right to create it.",
                        e.getCause());
            }
            log.info("Schemas topic '{}' was created by another client at the same time", topic);
        }
    }

    private static void verifyPartitions(String topic, TopicDescription description) {
        int partitions = description.partitions().size();
        if (partitions != 1) {
            throw new RegistryStartException("Topic '" + topic + "' has " + partitions
                    + " partitions, but the schema registry needs exactly one so that all readers see its records in one order. "
                    + "Point kafkastore.topic at another topic, or delete this one and let the registry create it.");
        }
    }

    private static void verifyCleanupPolicy(Admin admin, String topic, long deadline) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config = await(admin.describeConfigs(List.of(resource)).values().get(resource), deadline, topic);
        } catch (ExecutionException e) {
            throw new RegistryStartException("Reading the configuration of topic '" + topic + "' failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
            throw new RegistryStartException("Topic '" + topic + "' has cleanup.policy=" + policy
                    + ", but the schema registry needs cleanup.policy=compact so that retention never deletes a schema. "
                    + "Set it with kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=compact, or point kafkastore.topic at another topic.");
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, long deadline, String topic) throws ExecutionException {
        long remaining = Math.max(0, deadline - System.nanoTime());
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RegistryStartException("The Kafka cluster did not respond to requests about topic '" + topic
                    + "' within kafkastore.init.timeout.ms; check kafkastore.bootstrap.servers and that the brokers are up.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryStartException("Interrupted while checking topic '" + topic + "'.", e);
        }
    }
}
