package dev.edgeplane.kafka.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic {@code describeCluster} call that logs when a service loses its Kafka cluster and when
 * it reaches it again. Kafka clients retry a lost broker on their own, and their reconnect logs
 * (NetworkClient, at WARN in kafka-clients 4.4.0) name a client id, not the service, and repeat on every
 * attempt. One WARN names the bootstrap servers when the cluster becomes unreachable, another
 * follows at most once per warn interval while it stays so, and one INFO reports when it is back.
 *
 * <p>{@link #start} returns at once; the checks run on a daemon thread that the check owns, with its
 * own admin client. {@link #close()} stops both. Safe to call from any thread.
 */
public final class BrokerHealthCheck implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerHealthCheck.class);

    private final String component;
    private final String bootstrapServers;
    private final Admin admin;
    private final Duration interval;
    private final BrokerReachability reachability;
    private final ScheduledExecutorService executor;

    private BrokerHealthCheck(String component, String bootstrapServers, Admin admin, Duration interval,
            Duration warnInterval) {
        this.component = component;
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
        this.interval = interval;
        this.reachability = new BrokerReachability(warnInterval.toMillis());
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeplane-broker-health-" + component);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts checking every {@code interval}, warning again at most once per {@code warnInterval}
     * while the cluster stays unreachable.
     *
     * @param component the service's name in log lines, such as {@code edgeplane-anomaly}
     * @param clientSettings settings of the service's clients (bootstrap servers, security); only admin
     *     settings are used
     */
    public static BrokerHealthCheck start(String component, Map<String, ?> clientSettings, Duration interval,
            Duration warnInterval) {
        Map<String, Object> settings = new HashMap<>();
        clientSettings.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, component + "-health");
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) interval.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) interval.toMillis());
        String bootstrap = String.valueOf(settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        BrokerHealthCheck check = new BrokerHealthCheck(component, bootstrap, Admin.create(settings), interval,
                warnInterval);
        check.executor.scheduleWithFixedDelay(check::checkOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return check;
    }

    /** Returns whether the latest check reached the cluster; true before the first check ends. */
    public boolean isReachable() {
        return reachability.isReachable();
    }

    private void checkOnce() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis())).nodes()
                    .get(interval.toMillis() * 2, TimeUnit.MILLISECONDS);
            report(reachability.reached(System.currentTimeMillis()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            report(reachability.failed(System.currentTimeMillis()), cause);
        }
    }

    private void report(BrokerReachability.Change change, Throwable cause) {
        switch (change.kind()) {
            case LOST -> log.warn("{} cannot reach the Kafka cluster at {}: {}. Its clients keep retrying; check that"
                    + " the brokers run and the address is right", component, bootstrapServers, describe(cause));
            case STILL_LOST -> log.warn("{} still cannot reach the Kafka cluster at {} after {} ms and {} failed checks:"
                    + " {}", component, bootstrapServers, change.downMs(), change.failedChecks(), describe(cause));
            case BACK -> log.info("{} reached the Kafka cluster at {} again after {} ms", component, bootstrapServers,
                    change.downMs());
            case NONE -> { }
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no answer";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** Stops the checks and closes the admin client, waiting up to a few seconds. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
