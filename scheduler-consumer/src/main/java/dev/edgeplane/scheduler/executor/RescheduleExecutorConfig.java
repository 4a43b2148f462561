package dev.edgeplane.scheduler.executor;

import dev.edgeplane.schemas.catalog.TopicCatalog;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the {@link RescheduleExecutor}, resolved once and immutable. Rules that span several
 * keys are checked in the constructor, which names the keys and values that break them.
 */
public final class RescheduleExecutorConfig extends AbstractConfig {

  public static final String DRY_RUN = "executor.dry.run";
  private static final String DRY_RUN_DOC = "When true, the executor checks every gate and writes "
      + "an audit record with outcome DRY_RUN where it would evict, but never touches the cluster.";

  public static final String NAMESPACE = "executor.namespace";
  private static final String NAMESPACE_DOC = "Namespace whose decisions the executor acts on; "
      + "decisions for other namespaces are skipped and audited. Default: every namespace.";

  public static final String MAX_INFLIGHT_PER_FOGSERVICE = "executor.max.inflight.evictions.per.fogservice";
  private static final String MAX_INFLIGHT_PER_FOGSERVICE_DOC = "Evictions of one FogService that "
      + "may be in flight at once. An eviction is in flight from its request until its replacement "
      + "is ready, or until the replacement timeout.";

  public static final String MAX_INFLIGHT_PER_LOCATION = "executor.max.inflight.evictions.per.location";
  private static final String MAX_INFLIGHT_PER_LOCATION_DOC = "Evictions at one location, over all "
      + "FogServices, that may be in flight at once.";

  public static final String MAX_UNAVAILABLE_REPLICAS = "executor.fogservice.max.unavailable.replicas";
  private static final String MAX_UNAVAILABLE_REPLICAS_DOC = "Replicas of a FogService that may be "
      + "not ready after an eviction, when the FogService has no annotation "
      + RescheduleExecutor.MIN_READY_ANNOTATION + ": the minimum ready replicas is the desired "
      + "replicas minus this value.";

  public static final String COOLDOWN_MS = "executor.cooldown.ms";
  private static final String COOLDOWN_MS_DOC = "Time in milliseconds a replacement pod waits before "
      + "it may be moved again, after its first move. Each further move, and each move that did not "
      + "improve the placement, doubles the wait up to executor.cooldown.max.ms.";

  public static final String COOLDOWN_MAX_MS = "executor.cooldown.max.ms";
  private static final String COOLDOWN_MAX_MS_DOC = "Upper bound in milliseconds of the growing cooldown.";

  public static final String MOVE_HISTORY_RESET_MS = "executor.move.history.reset.ms";
  private static final String MOVE_HISTORY_RESET_MS_DOC = "Time in milliseconds after its last move "
      + "at which a pod's move count returns to zero, so its next cooldown is the base cooldown again.";

  public static final String EVICTION_RETRY_BACKOFF_INITIAL_MS = "executor.eviction.retry.backoff.initial.ms";
  private static final String EVICTION_RETRY_BACKOFF_INITIAL_MS_DOC = "Wait in milliseconds before "
      + "the first retry of an eviction that a PodDisruptionBudget rejected (HTTP 429) or that failed "
      + "with a server error; each retry doubles it.";

  public static final String EVICTION_RETRY_BACKOFF_MAX_MS = "executor.eviction.retry.backoff.max.ms";
  private static final String EVICTION_RETRY_BACKOFF_MAX_MS_DOC = "Upper bound in milliseconds of the "
      + "wait between eviction retries.";

  public static final String EVICTION_RETRY_TIMEOUT_MS = "executor.eviction.retry.timeout.ms";
  private static final String EVICTION_RETRY_TIMEOUT_MS_DOC = "Time in milliseconds after the first "
      + "eviction attempt at which the executor gives up retrying and audits the decision as FAILED.";

  public static final String REPLACEMENT_TIMEOUT_MS = "executor.replacement.timeout.ms";
  private static final String REPLACEMENT_TIMEOUT_MS_DOC = "Time in milliseconds after the eviction "
      + "within which the replacement pod must be bound and ready; after it the executor audits what "
      + "it saw and releases the in-flight slot.";

  public static final String REPLACEMENT_CHECK_INTERVAL_MS = "executor.replacement.check.interval.ms";
  private static final String REPLACEMENT_CHECK_INTERVAL_MS_DOC = "Interval in milliseconds between "
      + "two looks for the replacement of an evicted pod.";

  public static final String POLL_TIMEOUT_MS = "executor.poll.timeout.ms";
  private static final String POLL_TIMEOUT_MS_DOC = "Longest time in milliseconds one Kafka poll "
      + "blocks, which bounds how late a due retry or replacement check runs.";

  public static final String GROUP_ID = "executor.group.id";
  private static final String GROUP_ID_DOC = "Kafka consumer group of the executor. Only one "
      + "executor instance should run per cluster, because the in-flight limits are kept in memory.";

  public static final String DECISIONS_TOPIC = "executor.decisions.topic";
  private static final String DECISIONS_TOPIC_DOC = "Topic of the reschedule decisions.";

  public static final String AUDIT_TOPIC = "executor.audit.topic";
  private static final String AUDIT_TOPIC_DOC = "Topic the executor writes its audit records to and "
      + "reads back at start to learn which decisions it has executed.";

  public static final String DEAD_LETTER_TOPIC = "executor.deadletter.topic";
  private static final String DEAD_LETTER_TOPIC_DOC = "Topic that receives decisions the executor "
      + "cannot read or that break the schema's rules.";

  public static final String AUDIT_REPLAY_TIMEOUT_MS = "executor.audit.replay.timeout.ms";
  private static final String AUDIT_REPLAY_TIMEOUT_MS_DOC = "Time in milliseconds start() may spend "
      + "reading the audit topic back before it fails.";

  public static final String WARN_INTERVAL_MS = "executor.warn.interval.ms";
  private static final String WARN_INTERVAL_MS_DOC = "Minimum time in milliseconds between two "
      + "warnings about dead-lettered decisions; the ones in between are counted in the next warning.";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(DRY_RUN, Type.BOOLEAN, false, Importance.HIGH, DRY_RUN_DOC)
      .define(NAMESPACE, Type.STRING, null, Importance.MEDIUM, NAMESPACE_DOC)
      .define(MAX_INFLIGHT_PER_FOGSERVICE, Type.INT, 1, Range.atLeast(1), Importance.HIGH,
          MAX_INFLIGHT_PER_FOGSERVICE_DOC)
      .define(MAX_INFLIGHT_PER_LOCATION, Type.INT, 2, Range.atLeast(1), Importance.HIGH,
          MAX_INFLIGHT_PER_LOCATION_DOC)
      .define(MAX_UNAVAILABLE_REPLICAS, Type.INT, 1, Range.atLeast(0), Importance.HIGH,
          MAX_UNAVAILABLE_REPLICAS_DOC)
      .define(COOLDOWN_MS, Type.LONG, 300_000L, Range.atLeast(0L), Importance.HIGH, COOLDOWN_MS_DOC)
      .define(COOLDOWN_MAX_MS, Type.LONG, 3_600_000L, Range.atLeast(0L), Importance.MEDIUM, COOLDOWN_MAX_MS_DOC)
      .define(MOVE_HISTORY_RESET_MS, Type.LONG, 86_400_000L, Range.atLeast(1L), Importance.LOW,
          MOVE_HISTORY_RESET_MS_DOC)
      .define(EVICTION_RETRY_BACKOFF_INITIAL_MS, Type.LONG, 1_000L, Range.atLeast(1L), Importance.MEDIUM,
          EVICTION_RETRY_BACKOFF_INITIAL_MS_DOC)
      .define(EVICTION_RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1L), Importance.LOW,
          EVICTION_RETRY_BACKOFF_MAX_MS_DOC)
      .define(EVICTION_RETRY_TIMEOUT_MS, Type.LONG, 300_000L, Range.atLeast(0L), Importance.MEDIUM,
          EVICTION_RETRY_TIMEOUT_MS_DOC)
      .define(REPLACEMENT_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1L), Importance.MEDIUM,
          REPLACEMENT_TIMEOUT_MS_DOC)
      .define(REPLACEMENT_CHECK_INTERVAL_MS, Type.LONG, 500L, Range.atLeast(1L), Importance.LOW,
          REPLACEMENT_CHECK_INTERVAL_MS_DOC)
      .define(POLL_TIMEOUT_MS, Type.LONG, 100L, Range.between(1L, 10_000L), Importance.LOW, POLL_TIMEOUT_MS_DOC)
      .define(GROUP_ID, Type.STRING, "edgeplane-executor", new NonEmptyString(), Importance.MEDIUM, GROUP_ID_DOC)
      .define(DECISIONS_TOPIC, Type.STRING, TopicCatalog.RESCHEDULE_DECISIONS.name(), new NonEmptyString(),
          Importance.LOW, DECISIONS_TOPIC_DOC)
      .define(AUDIT_TOPIC, Type.STRING, TopicCatalog.AUDIT_ACTIONS.name(), new NonEmptyString(),
          Importance.LOW, AUDIT_TOPIC_DOC)
      .define(DEAD_LETTER_TOPIC, Type.STRING, TopicCatalog.DEAD_LETTER.name(), new NonEmptyString(),
          Importance.LOW, DEAD_LETTER_TOPIC_DOC)
      .define(AUDIT_REPLAY_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW,
          AUDIT_REPLAY_TIMEOUT_MS_DOC)
      .define(WARN_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(0L), Importance.LOW, WARN_INTERVAL_MS_DOC);

  /**
   * Parses and checks the settings.
   *
   * @throws ConfigException naming the key and value of an invalid setting, or the keys of two
   *     settings that contradict each other
   */
  public RescheduleExecutorConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
    requireAtMost(COOLDOWN_MS, COOLDOWN_MAX_MS);
    requireAtMost(EVICTION_RETRY_BACKOFF_INITIAL_MS, EVICTION_RETRY_BACKOFF_MAX_MS);
    requireAtMost(REPLACEMENT_CHECK_INTERVAL_MS, REPLACEMENT_TIMEOUT_MS);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  private void requireAtMost(String lowerKey, String upperKey) {
    long lower = getLong(lowerKey);
    long upper = getLong(upperKey);
    if (lower > upper) {
      throw new ConfigException(lowerKey + " is " + lower + " but " + upperKey + " is " + upper
          + ": set " + lowerKey + " to at most " + upperKey);
    }
  }

  public boolean dryRun() {
    return getBoolean(DRY_RUN);
  }

  /** Returns the namespace to act in, or null for every namespace. */
  public String namespace() {
    return getString(NAMESPACE);
  }

  public int maxInflightPerFogService() {
    return getInt(MAX_INFLIGHT_PER_FOGSERVICE);
  }

  public int maxInflightPerLocation() {
    return getInt(MAX_INFLIGHT_PER_LOCATION);
  }

  public int maxUnavailableReplicas() {
    return getInt(MAX_UNAVAILABLE_REPLICAS);
  }

  public Duration cooldown() {
    return Duration.ofMillis(getLong(COOLDOWN_MS));
  }

  public Duration cooldownMax() {
    return Duration.ofMillis(getLong(COOLDOWN_MAX_MS));
  }

  public Duration moveHistoryReset() {
    return Duration.ofMillis(getLong(MOVE_HISTORY_RESET_MS));
  }

  public Duration evictionRetryBackoffInitial() {
    return Duration.ofMillis(getLong(EVICTION_RETRY_BACKOFF_INITIAL_MS));
  }

  public Duration evictionRetryBackoffMax() {
    return Duration.ofMillis(getLong(EVICTION_RETRY_BACKOFF_MAX_MS));
  }

  public Duration evictionRetryTimeout() {
    return Duration.ofMillis(getLong(EVICTION_RETRY_TIMEOUT_MS));
  }

  public Duration replacementTimeout() {
    return Duration.ofMillis(getLong(REPLACEMENT_TIMEOUT_MS));
  }

  public Duration replacementCheckInterval() {
    return Duration.ofMillis(getLong(REPLACEMENT_CHECK_INTERVAL_MS));
  }

  public Duration pollTimeout() {
    return Duration.ofMillis(getLong(POLL_TIMEOUT_MS));
  }

  public String groupId() {
    return getString(GROUP_ID);
  }

  public String decisionsTopic() {
    return getString(DECISIONS_TOPIC);
  }

  public String auditTopic() {
    return getString(AUDIT_TOPIC);
  }

  public String deadLetterTopic() {
    return getString(DEAD_LETTER_TOPIC);
  }

  public Duration auditReplayTimeout() {
    return Duration.ofMillis(getLong(AUDIT_REPLAY_TIMEOUT_MS));
  }

  public Duration warnInterval() {
    return Duration.ofMillis(getLong(WARN_INTERVAL_MS));
  }
}
