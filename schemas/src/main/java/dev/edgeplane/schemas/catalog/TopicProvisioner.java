package dev.edgeplane.schemas.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.schemas.catalog.internal.AdminCalls;
import dev.edgeplane.schemas.catalog.internal.DriftDetector;
import dev.edgeplane.schemas.catalog.internal.ReplicationPlan;
import dev.edgeplane.schemas.catalog.internal.TopicDescriber;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics and verifies existing ones against their {@link TopicSpec}s on any Kafka
 * cluster.
 *
 * <p>The provisioner never alters, deletes or repartitions an existing topic. A topic whose
 * partitions, replication factor or declared configs differ is reported as DRIFTED with each
 * setting's expected and actual value. An operator decides how to fix it, because every fix (a new
 * partition count, a new cleanup policy) changes what happens to data already written.
 *
 * <p>On a cluster with fewer brokers than a topic's declared replication factor, such as the
 * in-process broker, the replication factor and {@code min.insync.replicas} are capped at the broker
 * count; the report says so and one WARN line is logged.
 *
 * <p>Each call blocks until the cluster has responded, waiting at most the timeout per request. The
 * provisioner does not close the {@link Admin} it is given. Instances are thread-safe as long as the
 * {@code Admin} is, which Kafka's own client is.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;
    private final TopicDescriber describer;

    /**
     * Creates a provisioner.
     *
     * @param admin   client of the target cluster; the caller keeps ownership and closes it
     * @param timeout maximum wait for each response of the cluster
     */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Invalid timeout " + timeout + ": it must be positive.");
        }
        this.timeout = timeout;
        this.describer = new TopicDescriber(admin, timeout);
    }

    /**
     * Creates the missing topics of {@code topics} and verifies the existing ones. Blocks.
     *
     * @throws BrokerUnreachableException if the cluster does not respond within the timeout
     * @throws TopicProvisioningException if the cluster's topics cannot be listed
     */
    public ProvisioningReport provision(Collection<TopicSpec> topics) {
        return run(topics, true);
    }

    /**
     * Verifies {@code topics} without creating any; a missing topic is reported as MISSING. Blocks.
     *
     * @throws BrokerUnreachableException if the cluster does not respond within the timeout
     * @throws TopicProvisioningException if the cluster's topics cannot be listed
     */
    public ProvisioningReport verify(Collection<TopicSpec> topics) {
        return run(topics, false);
    }

    private ProvisioningReport run(Collection<TopicSpec> specs, boolean create) {
        List<TopicSpec> topics = uniqueTopics(specs);
        int brokerCount = brokerCount();
        Optional<ReplicationCap> cap = replicationCap(topics, brokerCount);
        cap.ifPresent(c -> log.warn("{}", c.message()));
        Set<String> existing = existingTopicNames();

        Map<String, TopicOutcome> outcomes = new HashMap<>();
        List<TopicSpec> toVerify = new ArrayList<>();
        List<TopicSpec> missing = new ArrayList<>();
        for (TopicSpec spec : topics) {
            (existing.contains(spec.name()) ? toVerify : missing).add(spec);
        }

        if (create) {
            toVerify.addAll(createTopics(missing, brokerCount, outcomes));
        } else {
            missing.forEach(spec -> outcomes.put(spec.name(), TopicOutcome.missing(spec.name())));
        }
        verifyTopics(toVerify, brokerCount, outcomes);

        List<TopicOutcome> ordered = topics.stream().map(spec -> outcomes.get(spec.name())).toList();
        return new ProvisioningReport(brokerCount, cap, ordered);
    }

    /** Creates {@code missing}, records their outcomes and returns the topics another client created meanwhile. */
    private List<TopicSpec> createTopics(List<TopicSpec> missing, int brokerCount, Map<String, TopicOutcome> outcomes) {
        List<TopicSpec> createdElsewhere = new ArrayList<>();
        if (missing.isEmpty()) {
            return createdElsewhere;
        }
        List<NewTopic> newTopics = missing.stream().map(spec -> newTopic(spec, brokerCount)).toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();

        for (TopicSpec spec : missing) {
            String settings = describeSettings(spec, brokerCount);
            try {
                AdminCalls.await(results.get(spec.name()), timeout, "create topic " + spec.name());
                log.info("Created topic {} with {}", spec.name(), settings);
                outcomes.put(spec.name(), TopicOutcome.created(spec.name(), settings));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    log.info("Topic {} was created by another client meanwhile; verifying it instead", spec.name());
                    createdElsewhere.add(spec);
                } else {
                    String error = "creating the topic failed: " + AdminCalls.reason(e);
                    log.error("Topic {}: {}", spec.name(), error);
                    outcomes.put(spec.name(), TopicOutcome.failed(spec.name(), error));
                }
            } catch (TimeoutException e) {
                String error = "creating the topic timed out after " + timeout.toMillis()
                        + " ms; the broker may still create it, so run again to verify it";
                log.error("Topic {}: {}", spec.name(), error);
                outcomes.put(spec.name(), TopicOutcome.failed(spec.name(), error));
            }
        }
        return createdElsewhere;
    }

    private void verifyTopics(List<TopicSpec> topics, int brokerCount, Map<String, TopicOutcome> outcomes) {
        Map<String, TopicDescriber.Result> described = describer.describe(topics.stream().map(TopicSpec::name).toList());
        for (TopicSpec spec : topics) {
            TopicDescriber.Result result = described.get(spec.name());
            if (result.error() != null) {
                log.error("Topic {}: {}", spec.name(), result.error());
                outcomes.put(spec.name(), TopicOutcome.failed(spec.name(), result.error()));
                continue;
            }
            List<TopicDrift> drifts = DriftDetector.detect(spec, brokerCount, result.topic());
            if (drifts.isEmpty()) {
                outcomes.put(spec.name(), TopicOutcome.verified(spec.name()));
            } else {
                drifts.forEach(d -> log.warn("{}; the topic is left unchanged", d.message()));
                outcomes.put(spec.name(), TopicOutcome.drifted(spec.name(), drifts));
            }
        }
    }

    private int brokerCount() {
        try {
            int count = AdminCalls.await(admin.describeCluster().nodes(), timeout, "describe the cluster").size();
            if (count == 0) {
                throw new BrokerUnreachableException("The Kafka cluster reported no live brokers.", null);
            }
            return count;
        } catch (ExecutionException e) {
            String message = "Describing the Kafka cluster failed: " + AdminCalls.reason(e);
            // A retriable error (timeout, lost connection) means the client gave up reaching the cluster.
            if (e.getCause() instanceof RetriableException) {
                throw new BrokerUnreachableException(message, e.getCause());
            }
            throw new TopicProvisioningException(message, e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerUnreachableException("The Kafka cluster did not respond to a describe-cluster request within "
                    + timeout.toMillis() + " ms.", e);
        }
    }

    private Set<String> existingTopicNames() {
        try {
            return AdminCalls.await(admin.listTopics().names(), timeout, "list topics");
        } catch (ExecutionException e) {
            throw new TopicProvisioningException("Listing the cluster's topics failed: " + AdminCalls.reason(e), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerUnreachableException("The Kafka cluster did not list its topics within " + timeout.toMillis() + " ms.", e);
        }
    }

    private static NewTopic newTopic(TopicSpec spec, int brokerCount) {
        short replicationFactor = ReplicationPlan.replicationFactor(spec, brokerCount);
        int minInSyncReplicas = ReplicationPlan.minInSyncReplicas(spec, brokerCount);
        return new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs(minInSyncReplicas));
    }

    private static String describeSettings(TopicSpec spec, int brokerCount) {
        StringBuilder settings = new StringBuilder()
                .append(spec.partitions()).append(" partitions, replication factor ")
                .append(ReplicationPlan.replicationFactor(spec, brokerCount))
                .append(", min.insync.replicas ").append(ReplicationPlan.minInSyncReplicas(spec, brokerCount))
                .append(", cleanup.policy ").append(spec.cleanupPolicy().configValue());
        spec.retention().ifPresent(r -> settings.append(", retention.ms ").append(r.toMillis()));
        return settings.toString();
    }

    private static Optional<ReplicationCap> replicationCap(List<TopicSpec> topics, int brokerCount) {
        List<TopicSpec> capped = topics.stream().filter(spec -> ReplicationPlan.isCapped(spec, brokerCount)).toList();
        if (capped.isEmpty()) {
            return Optional.empty();
        }
        short declared = (short) capped.stream().mapToInt(TopicSpec::replicationFactor).max().orElseThrow();
        return Optional.of(new ReplicationCap(brokerCount, declared, capped.stream().map(TopicSpec::name).toList()));
    }

    private static List<TopicSpec> uniqueTopics(Collection<TopicSpec> specs) {
        Set<String> names = new HashSet<>();
        for (TopicSpec spec : specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("Topic " + spec.name() + " is given twice; give each topic once.");
            }
        }
        return List.copyOf(specs);
    }
}
