package dev.edgeplane.anomaly.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.schemas.catalog.TopicCatalog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads the partition count of the node telemetry topics from the cluster. Node health runs one
 * task per partition, and placement advice waits for the progress marker of each, so the count must
 * be the cluster's, not a constant that could differ from it.
 */
public final class TelemetryPartitions {

    private TelemetryPartitions() {
    }

    /**
     * Describes {@code edgeplane.telemetry.node-metrics} and {@code edgeplane.telemetry.link-latency}
     * and returns their partition count. Blocks up to {@code timeout}; creates and closes its own
     * admin client.
     *
     * @param clientSettings settings of the application's clients; only admin settings are used
     * @throws IllegalStateException when a topic is missing, the two counts differ, or the cluster
     *     does not respond in time
     */
    public static int describe(Map<String, ?> clientSettings, Duration timeout) {
        Map<String, Object> settings = new HashMap<>();
        clientSettings.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        String metrics = TopicCatalog.NODE_METRICS.name();
        String latency = TopicCatalog.LINK_LATENCY.name();
        try (Admin admin = Admin.create(settings)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(metrics, latency)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int metricsPartitions = topics.get(metrics).partitions().size();
            int latencyPartitions = topics.get(latency).partitions().size();
            if (metricsPartitions != latencyPartitions) {
                throw new IllegalStateException(metrics + " has " + metricsPartitions + " partitions but " + latency
                        + " has " + latencyPartitions + ". Node health reads both with one task per partition and"
                        + " keys both by node, so give them the same partition count.");
            }
            return metricsPartitions;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Topic " + metrics + " or " + latency + " not found; create the"
                        + " catalog topics first (edgeplane topics).", e.getCause());
            }
            throw new IllegalStateException("Failed to describe " + metrics + " and " + latency + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms describing " + metrics
                    + " and " + latency + "; check bootstrap.servers.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + metrics + " and " + latency, e);
        }
    }
}
