package dev.edgeplane.scheduler.observe;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of the {@link InventoryPublisher}, resolved once and immutable. */
public final class InventoryPublisherConfig extends AbstractConfig {

  public static final String RESYNC_PERIOD_MS = "inventory.resync.period.ms";
  private static final String RESYNC_PERIOD_MS_DOC = "Interval in milliseconds at which every cached "
      + "node and pod is published again, which repairs records whose send failed.";

  public static final String SYNC_TIMEOUT_MS = "inventory.informer.sync.timeout.ms";
  private static final String SYNC_TIMEOUT_MS_DOC = "Time in milliseconds start() waits for the "
      + "informers' first list before it fails.";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(RESYNC_PERIOD_MS, Type.LONG, 300_000L, Range.atLeast(1_000L), Importance.MEDIUM,
          RESYNC_PERIOD_MS_DOC)
      .define(SYNC_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW, SYNC_TIMEOUT_MS_DOC);

  public InventoryPublisherConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public Duration resyncPeriod() {
    return Duration.ofMillis(getLong(RESYNC_PERIOD_MS));
  }

  public Duration syncTimeout() {
    return Duration.ofMillis(getLong(SYNC_TIMEOUT_MS));
  }
}
