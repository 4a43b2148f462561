package dev.edgeplane.scheduler.reconcile;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the {@link FogServiceController}, resolved once and immutable. */
public final class FogServiceControllerConfig extends AbstractConfig {

  public static final String NAMESPACE = "fogservice.namespace";
  private static final String NAMESPACE_DOC = "Namespace whose FogServices the controller reconciles; "
      + "empty for every namespace.";

  public static final String WORKERS = "fogservice.workers";
  private static final String WORKERS_DOC = "Reconcile threads. Each FogService is reconciled by one "
      + "thread at a time; different FogServices run in parallel.";

  public static final String RESYNC_PERIOD_MS = "fogservice.resync.period.ms";
  private static final String RESYNC_PERIOD_MS_DOC = "Interval in milliseconds at which the informers "
      + "replay every cached FogService, pod and node, so each FogService is reconciled at least this "
      + "often even without changes.";

  public static final String RETRY_BACKOFF_INITIAL_MS = "fogservice.retry.backoff.initial.ms";
  private static final String RETRY_BACKOFF_INITIAL_MS_DOC = "Delay in milliseconds before the first "
      + "retry of a failed reconcile; it doubles with each further failure of the same FogService.";

  public static final String RETRY_BACKOFF_MAX_MS = "fogservice.retry.backoff.max.ms";
  private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest delay in milliseconds between "
      + "retries of a failed reconcile.";

  public static final String EXPECTATIONS_TIMEOUT_MS = "fogservice.expectations.timeout.ms";
  private static final String EXPECTATIONS_TIMEOUT_MS_DOC = "Time in milliseconds the controller "
      + "counts a pod it created or deleted before the pod informer shows the change; after it, the "
      + "informer's view wins.";

  public static final String SYNC_TIMEOUT_MS = "fogservice.informer.sync.timeout.ms";
  private static final String SYNC_TIMEOUT_MS_DOC = "Time in milliseconds start() waits for the "
      + "informers' first list before it fails.";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(NAMESPACE, Type.STRING, "", Importance.HIGH, NAMESPACE_DOC)
      .define(WORKERS, Type.INT, 2, Range.between(1, 64), Importance.MEDIUM, WORKERS_DOC)
      .define(RESYNC_PERIOD_MS, Type.LONG, 300_000L, Range.atLeast(1_000L), Importance.MEDIUM,
          RESYNC_PERIOD_MS_DOC)
      .define(RETRY_BACKOFF_INITIAL_MS, Type.LONG, 200L, Range.atLeast(1L), Importance.LOW,
          RETRY_BACKOFF_INITIAL_MS_DOC)
      .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW,
          RETRY_BACKOFF_MAX_MS_DOC)
      .define(EXPECTATIONS_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW,
          EXPECTATIONS_TIMEOUT_MS_DOC)
      .define(SYNC_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW, SYNC_TIMEOUT_MS_DOC);

  public FogServiceControllerConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
    if (retryBackoffInitial().compareTo(retryBackoffMax()) > 0) {
      throw new ConfigException(RETRY_BACKOFF_INITIAL_MS + " (" + getLong(RETRY_BACKOFF_INITIAL_MS)
          + ") must not exceed " + RETRY_BACKOFF_MAX_MS + " (" + getLong(RETRY_BACKOFF_MAX_MS)
          + "): lower the first or raise the second");
    }
  }

  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  /** Returns the namespace to watch, or null for every namespace. */
  public String namespace() {
    String namespace = getString(NAMESPACE);
    return namespace.isEmpty() ? null : namespace;
  }

  public int workers() {
    return getInt(WORKERS);
  }

  public Duration resyncPeriod() {
    return Duration.ofMillis(getLong(RESYNC_PERIOD_MS));
  }

  public Duration retryBackoffInitial() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_INITIAL_MS));
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
  }

  public Duration expectationsTimeout() {
    return Duration.ofMillis(getLong(EXPECTATIONS_TIMEOUT_MS));
  }

  public Duration syncTimeout() {
    return Duration.ofMillis(getLong(SYNC_TIMEOUT_MS));
  }
}
