package dev.edgeplane.bench.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.bench.BenchmarkException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the topics of one benchmark run under names no other run uses, and deletes them
 * afterwards. Only topics this class created are ever deleted. Close it to delete them.
 */
public final class BenchTopics implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final java.util.List<String> created = new java.util.ArrayList<>();

    /** Connects to the broker at {@code bootstrapServers}. */
    public BenchTopics(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "edgeplane-bench-admin"));
    }

    /**
     * Creates a topic named {@code edgeplane.bench.<event>-<run id>} with one replica and returns its
     * name. Blocks until the broker has created it.
     */
    public String create(String event, int partitions) {
        String name = "edgeplane.bench." + event + "-" + runId;
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            created.add(name);
            awaitLeaders(name, partitions);
            return name;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("Interrupted while creating benchmark topic " + name + ".", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchmarkException("Creating benchmark topic " + name + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the broker reports a leader for every partition. A producer that starts while a
     * partition still returns NOT_LEADER_OR_FOLLOWER can have a first batch stored but reported as
     * failed. Its idempotent resend then fails with OutOfOrderSequenceException and the run stalls.
     */
    private void awaitLeaders(String name, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            long withLeader = 0;
            try {
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(name);
                withLeader = description.partitions().stream().filter(p -> p.leader() != null && !p.leader().isEmpty()).count();
            } catch (ExecutionException e) {
                // Right after creation the broker's metadata may not list the topic yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (withLeader == partitions) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(withLeader + " of " + partitions + " partitions have a leader after "
                        + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Deletes the topics this instance created, waiting up to 30 seconds, and closes the admin client. */
    @Override
    public void close() {
        try {
            if (!created.isEmpty()) {
                admin.deleteTopics(created).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchmarkException("Deleting benchmark topics " + created + " failed: " + e.getMessage()
                    + ". Delete them by hand.", e);
        } finally {
            admin.close();
        }
    }
}
