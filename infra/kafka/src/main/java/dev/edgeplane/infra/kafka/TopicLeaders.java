package dev.edgeplane.infra.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits until new topics are usable. A topic whose creation the controller acknowledged may still
 * be missing from a broker's metadata, or have partitions without a leader, for a moment: a
 * consumer that looks it up then sees no partitions, and an idempotent producer may have a first
 * batch stored but reported as failed.
 */
public final class TopicLeaders {

    private TopicLeaders() {
    }

    /**
     * Blocks until every partition of every topic in {@code topics} has a leader.
     *
     * @throws TimeoutException if that has not happened within {@code timeout}; the message names the
     *                          topics still waiting
     */
    public static void await(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waiting;
        while (true) {
            waiting = withoutLeaders(admin, topics, timeout);
            if (waiting == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topics still without a leader for every partition after " + timeout.toMillis()
                        + " ms: " + waiting);
            }
            Thread.sleep(50);
        }
    }

    /** Returns the topics that lack a leader somewhere, as text, or null when all have them. */
    private static String withoutLeaders(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return topics + " (not yet in the metadata)";
            }
            throw e;
        }
        StringBuilder waiting = new StringBuilder();
        for (TopicDescription description : descriptions.values()) {
            long withLeader = description.partitions().stream()
                    .filter(partition -> partition.leader() != null && !partition.leader().isEmpty()).count();
            if (withLeader < description.partitions().size()) {
                waiting.append(waiting.isEmpty() ? "" : ", ").append(description.name()).append(" (").append(withLeader)
                        .append(" of ").append(description.partitions().size()).append(')');
            }
        }
        return waiting.isEmpty() ? null : waiting.toString();
    }
}
