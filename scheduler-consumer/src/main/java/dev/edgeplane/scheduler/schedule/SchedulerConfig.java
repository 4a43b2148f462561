package dev.edgeplane.scheduler.schedule;

import dev.edgeplane.schemas.catalog.TopicCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the {@link EdgeplaneScheduler} and its {@link SchedulingFramework}, resolved once and immutable. */
public final class SchedulerConfig extends AbstractConfig {

  /** Filter plugins, in the order the framework runs them. */
  public static final List<String> FILTER_PLUGIN_NAMES = List.of("location", "resource-fit",
      "realtime-admission", "dependency-latency", "node-health");
  /** Score plugins. */
  public static final List<String> SCORE_PLUGIN_NAMES = List.of("latency", "realtime-headroom",
      "balanced-allocation", "spread");

  public static final String FILTER_PLUGINS = "scheduler.filter.plugins";
  private static final String FILTER_PLUGINS_DOC = "Filter plugins to run, from " + FILTER_PLUGIN_NAMES
      + "; they run in the order of that list.";

  public static final String SCORE_PLUGINS = "scheduler.score.plugins";
  private static final String SCORE_PLUGINS_DOC = "Score plugins to run, from " + SCORE_PLUGIN_NAMES
      + "; empty to pick the first feasible node by name.";

  /** Prefix of the weight keys, {@code scheduler.score.weight.<plugin>}. */
  public static final String SCORE_WEIGHT_PREFIX = "scheduler.score.weight.";
  private static final Map<String, Integer> DEFAULT_WEIGHTS = Map.of("latency", 3, "realtime-headroom", 2,
      "balanced-allocation", 1, "spread", 2);

  public static final String VIEW_MAX_AGE_MS = "scheduler.view.max.age.ms";
  private static final String VIEW_MAX_AGE_MS_DOC = "Age in milliseconds, by receive time, beyond which "
      + "a node-health or link-latency sample counts as missing, and a whole view as stale when its "
      + "newest record is older. Plugins then apply their declared fallback.";

  public static final String FALLBACK_RTT_SAME_LOCATION_US = "scheduler.fallback.rtt.same.location.us";
  private static final String FALLBACK_RTT_SAME_LOCATION_US_DOC = "Round-trip time in microseconds "
      + "assumed between two nodes of the same location when no fresh measurement exists.";

  public static final String FALLBACK_RTT_OTHER_LOCATION_US = "scheduler.fallback.rtt.other.location.us";
  private static final String FALLBACK_RTT_OTHER_LOCATION_US_DOC = "Round-trip time in microseconds "
      + "assumed between nodes of different locations when no fresh measurement exists.";

  public static final String BACKOFF_INITIAL_MS = "scheduler.backoff.initial.ms";
  private static final String BACKOFF_INITIAL_MS_DOC = "Delay in milliseconds before an unschedulable "
      + "pod is tried again after a cluster change; it doubles with each failed attempt.";

  public static final String BACKOFF_MAX_MS = "scheduler.backoff.max.ms";
  private static final String BACKOFF_MAX_MS_DOC = "Longest backoff delay in milliseconds.";

  public static final String UNSCHEDULABLE_RETRY_MS = "scheduler.unschedulable.retry.ms";
  private static final String UNSCHEDULABLE_RETRY_MS_DOC = "Time in milliseconds after which an "
      + "unschedulable pod is tried again even without a cluster change, since the network view may "
      + "have changed.";

  public static final String BIND_THREADS = "scheduler.bind.threads";
  private static final String BIND_THREADS_DOC = "Threads that send bindings to the API in parallel "
      + "with the scheduling cycle.";

  public static final String NAMESPACE = "scheduler.namespace";
  private static final String NAMESPACE_DOC = "Namespace whose pending pods the scheduler places; empty for every "
      + "namespace. Bound pods of every namespace count against their nodes either way.";

  public static final String SCHEDULER_NAME = "scheduler.name";
  private static final String SCHEDULER_NAME_DOC = "spec.schedulerName of the pods this scheduler places.";

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers for the views and the audit records.";

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC = "URL of the schema registry the Avro serdes use.";

  public static final String NODE_HEALTH_TOPIC = "scheduler.node.health.topic";
  public static final String LINK_LATENCY_TOPIC = "scheduler.link.latency.topic";
  public static final String AUDIT_TOPIC = "scheduler.audit.topic";

  public static final String AUDIT_MAX_NODES = "scheduler.audit.max.nodes";
  private static final String AUDIT_MAX_NODES_DOC = "Highest-scoring nodes whose per-plugin scores each "
      + "audit record lists.";

  public static final String LEADER_ELECTION_ENABLED = "scheduler.leader.election.enabled";
  public static final String LEASE_NAMESPACE = "scheduler.lease.namespace";
  public static final String LEASE_NAME = "scheduler.lease.name";
  public static final String LEASE_IDENTITY = "scheduler.lease.identity";
  public static final String LEASE_DURATION_MS = "scheduler.lease.duration.ms";
  private static final String LEASE_DURATION_MS_DOC = "Time in milliseconds a standby waits after the "
      + "last renewal before it takes the Lease over.";
  public static final String LEASE_RENEW_DEADLINE_MS = "scheduler.lease.renew.deadline.ms";
  private static final String LEASE_RENEW_DEADLINE_MS_DOC = "Time in milliseconds the leader keeps "
      + "trying to renew before it stops scheduling; below the lease duration.";
  public static final String LEASE_RETRY_PERIOD_MS = "scheduler.lease.retry.period.ms";
  private static final String LEASE_RETRY_PERIOD_MS_DOC = "Interval in milliseconds between attempts "
      + "to acquire or renew the Lease.";

  public static final String SYNC_TIMEOUT_MS = "scheduler.informer.sync.timeout.ms";
  private static final String SYNC_TIMEOUT_MS_DOC = "Time in milliseconds the scheduler waits for the "
      + "informers' first list when it becomes leader before it fails.";

  private static final ConfigDef CONFIG = buildConfigDef();

  public SchedulerConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
    if (getLong(BACKOFF_INITIAL_MS) > getLong(BACKOFF_MAX_MS)) {
      throw new ConfigException(BACKOFF_INITIAL_MS + " (" + getLong(BACKOFF_INITIAL_MS) + ") must not exceed "
          + BACKOFF_MAX_MS + " (" + getLong(BACKOFF_MAX_MS) + "): lower the first or raise the second");
    }
    if (getLong(LEASE_RENEW_DEADLINE_MS) >= getLong(LEASE_DURATION_MS)
        || getLong(LEASE_RETRY_PERIOD_MS) >= getLong(LEASE_RENEW_DEADLINE_MS)) {
      throw new ConfigException(LEASE_RETRY_PERIOD_MS + " (" + getLong(LEASE_RETRY_PERIOD_MS) + ") < "
          + LEASE_RENEW_DEADLINE_MS + " (" + getLong(LEASE_RENEW_DEADLINE_MS) + ") < " + LEASE_DURATION_MS
          + " (" + getLong(LEASE_DURATION_MS) + ") must hold, or two leaders could overlap: adjust them");
    }
    List<String> scorePlugins = getList(SCORE_PLUGINS);
    if (!scorePlugins.isEmpty() && scorePlugins.stream().allMatch(p -> weight(p) == 0)) {
      throw new ConfigException(SCORE_WEIGHT_PREFIX + "*: every enabled score plugin " + getList(SCORE_PLUGINS)
          + " has weight 0; give at least one a positive weight or empty " + SCORE_PLUGINS);
    }
  }

  /** Returns the settings with every default; the Kafka keys are empty. */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(Map.of());
  }

  /** Returns these settings with some replaced; the originals of this object stay as they are. */
  public SchedulerConfig with(Map<String, ?> overrides) {
    Map<String, Object> merged = new HashMap<>(originals());
    merged.putAll(overrides);
    return new SchedulerConfig(merged);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public List<String> filterPlugins() {
    return getList(FILTER_PLUGINS);
  }

  /** Returns each enabled score plugin with its weight, in configuration order. */
  public Map<String, Integer> scoreWeights() {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (String plugin : getList(SCORE_PLUGINS)) {
      weights.put(plugin, weight(plugin));
    }
    return weights;
  }

  private int weight(String plugin) {
    return getInt(SCORE_WEIGHT_PREFIX + plugin);
  }

  public long viewMaxAgeMillis() {
    return getLong(VIEW_MAX_AGE_MS);
  }

  public double fallbackRttSameLocationMicros() {
    return getLong(FALLBACK_RTT_SAME_LOCATION_US);
  }

  public double fallbackRttOtherLocationMicros() {
    return getLong(FALLBACK_RTT_OTHER_LOCATION_US);
  }

  public Duration backoffInitial() {
    return Duration.ofMillis(getLong(BACKOFF_INITIAL_MS));
  }

  public Duration backoffMax() {
    return Duration.ofMillis(getLong(BACKOFF_MAX_MS));
  }

  public Duration unschedulableRetry() {
    return Duration.ofMillis(getLong(UNSCHEDULABLE_RETRY_MS));
  }

  public int bindThreads() {
    return getInt(BIND_THREADS);
  }

  /** Returns the namespace to watch, or null for every namespace. */
  public String namespace() {
    String namespace = getString(NAMESPACE);
    return namespace.isEmpty() ? null : namespace;
  }

  public String schedulerName() {
    return getString(SCHEDULER_NAME);
  }

  public String bootstrapServers() {
    return getString(BOOTSTRAP_SERVERS);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  public String nodeHealthTopic() {
    return getString(NODE_HEALTH_TOPIC);
  }

  public String linkLatencyTopic() {
    return getString(LINK_LATENCY_TOPIC);
  }

  public String auditTopic() {
    return getString(AUDIT_TOPIC);
  }

  public int auditMaxNodes() {
    return getInt(AUDIT_MAX_NODES);
  }

  public boolean leaderElectionEnabled() {
    return getBoolean(LEADER_ELECTION_ENABLED);
  }

  public String leaseNamespace() {
    return getString(LEASE_NAMESPACE);
  }

  public String leaseName() {
    return getString(LEASE_NAME);
  }

  /** Returns the identity this instance holds the Lease under, or null to use host name and a random suffix. */
  public String leaseIdentity() {
    String identity = getString(LEASE_IDENTITY);
    return identity.isEmpty() ? null : identity;
  }

  public Duration leaseDuration() {
    return Duration.ofMillis(getLong(LEASE_DURATION_MS));
  }

  public Duration leaseRenewDeadline() {
    return Duration.ofMillis(getLong(LEASE_RENEW_DEADLINE_MS));
  }

  public Duration leaseRetryPeriod() {
    return Duration.ofMillis(getLong(LEASE_RETRY_PERIOD_MS));
  }

  public Duration syncTimeout() {
    return Duration.ofMillis(getLong(SYNC_TIMEOUT_MS));
  }

  private static ConfigDef buildConfigDef() {
    ConfigDef def = new ConfigDef()
        .define(FILTER_PLUGINS, Type.LIST, String.join(",", FILTER_PLUGIN_NAMES),
            ValidList.in(FILTER_PLUGIN_NAMES.toArray(String[]::new)), Importance.MEDIUM, FILTER_PLUGINS_DOC)
        .define(SCORE_PLUGINS, Type.LIST, String.join(",", SCORE_PLUGIN_NAMES),
            ValidList.in(SCORE_PLUGIN_NAMES.toArray(String[]::new)), Importance.MEDIUM, SCORE_PLUGINS_DOC)
        .define(VIEW_MAX_AGE_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.MEDIUM, VIEW_MAX_AGE_MS_DOC)
        .define(FALLBACK_RTT_SAME_LOCATION_US, Type.LONG, 2_000L, Range.atLeast(0L), Importance.LOW,
            FALLBACK_RTT_SAME_LOCATION_US_DOC)
        .define(FALLBACK_RTT_OTHER_LOCATION_US, Type.LONG, 20_000L, Range.atLeast(0L), Importance.LOW,
            FALLBACK_RTT_OTHER_LOCATION_US_DOC)
        .define(BACKOFF_INITIAL_MS, Type.LONG, 1_000L, Range.atLeast(1L), Importance.LOW, BACKOFF_INITIAL_MS_DOC)
        .define(BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW, BACKOFF_MAX_MS_DOC)
        .define(UNSCHEDULABLE_RETRY_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW,
            UNSCHEDULABLE_RETRY_MS_DOC)
        .define(BIND_THREADS, Type.INT, 4, Range.between(1, 64), Importance.LOW, BIND_THREADS_DOC)
        .define(NAMESPACE, Type.STRING, "", Importance.MEDIUM, NAMESPACE_DOC)
        .define(SCHEDULER_NAME, Type.STRING, "edgeplane", new ConfigDef.NonEmptyString(), Importance.LOW,
            SCHEDULER_NAME_DOC)
        .define(BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
        .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
        .define(NODE_HEALTH_TOPIC, Type.STRING, TopicCatalog.NODE_HEALTH.name(), Importance.LOW,
            "Topic of the node-health view.")
        .define(LINK_LATENCY_TOPIC, Type.STRING, TopicCatalog.LINK_LATENCY.name(), Importance.LOW,
            "Topic of the link-latency view.")
        .define(AUDIT_TOPIC, Type.STRING, TopicCatalog.AUDIT_ACTIONS.name(), Importance.LOW,
            "Topic the audit record of every scheduling decision goes to.")
        .define(AUDIT_MAX_NODES, Type.INT, 10, Range.atLeast(0), Importance.LOW, AUDIT_MAX_NODES_DOC)
        .define(LEADER_ELECTION_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
            "Whether instances elect one active scheduler by a Lease; off runs this instance as the only one.")
        .define(LEASE_NAMESPACE, Type.STRING, "default", Importance.MEDIUM, "Namespace of the Lease.")
        .define(LEASE_NAME, Type.STRING, "edgeplane-scheduler", Importance.LOW, "Name of the Lease.")
        .define(LEASE_IDENTITY, Type.STRING, "", Importance.LOW,
            "Holder identity of this instance; empty for the host name and a random suffix.")
        .define(LEASE_DURATION_MS, Type.LONG, 15_000L, Range.atLeast(1L), Importance.LOW, LEASE_DURATION_MS_DOC)
        .define(LEASE_RENEW_DEADLINE_MS, Type.LONG, 10_000L, Range.atLeast(1L), Importance.LOW,
            LEASE_RENEW_DEADLINE_MS_DOC)
        .define(LEASE_RETRY_PERIOD_MS, Type.LONG, 2_000L, Range.atLeast(1L), Importance.LOW,
            LEASE_RETRY_PERIOD_MS_DOC)
        .define(SYNC_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW, SYNC_TIMEOUT_MS_DOC);
    for (String plugin : SCORE_PLUGIN_NAMES) {
      def.define(SCORE_WEIGHT_PREFIX + plugin, Type.INT, DEFAULT_WEIGHTS.get(plugin), Range.between(0, 100),
          Importance.MEDIUM, "Weight of the " + plugin + " score plugin, 0 to 100; the weighted mean of the "
              + "plugins' 0..100 scores ranks the feasible nodes.");
    }
    return def;
  }
}
