package dev.edgeplane.bench.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.bench.BenchmarkException;
import dev.edgeplane.infra.kafka.TopicLeaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

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
            // A producer that starts while a partition has no leader can stall the run: see TopicLeaders.
            TopicLeaders.await(admin, List.of(name), Duration.ofSeconds(TIMEOUT_SECONDS));
            return name;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("Interrupted while creating benchmark topic " + name + ".", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchmarkException("Creating benchmark topic " + name + " failed: " + e.getMessage(), e);
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
