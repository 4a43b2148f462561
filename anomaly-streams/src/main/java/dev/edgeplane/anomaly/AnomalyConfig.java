package dev.edgeplane.anomaly;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the anomaly application: windows, data quality, node health hysteresis, replica
 * targets and placement advice. Durations end in {@code .ms} or {@code .micros}. Immutable once
 * built; rules that span several keys are checked in the constructor.
 *
 * <p>Kafka Streams and serde settings ({@code bootstrap.servers}, {@code schema.registry.url},
 * {@code state.dir}) are not defined here; {@link AnomalyApplication} passes them through.
 */
public final class AnomalyConfig extends AbstractConfig {

    public static final String APPLICATION_ID_CONFIG = "application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: the consumer group, the prefix of"
            + " internal topics and the transactional id prefix. A fresh id replays the input topics from the start.";

    public static final String WINDOW_SIZE_MS_CONFIG = "window.size.ms";
    private static final String WINDOW_SIZE_MS_DOC = "Size of the event-time windows of node and replica telemetry,"
            + " in milliseconds. Replica windows are tumbling; node windows are judged at every closed pane"
            + " (window.pane.ms) over the panes of the latest window.size.ms.";

    public static final String WINDOW_PANE_MS_CONFIG = "window.pane.ms";
    private static final String WINDOW_PANE_MS_DOC = "Size of the tumbling panes that node telemetry is aggregated in,"
            + " in milliseconds; it must divide window.size.ms. Each closed pane judges the window made of the"
            + " node's latest window.size.ms / window.pane.ms panes, so a verdict comes out every pane. Default:"
            + " a quarter of window.size.ms. Equal to window.size.ms, node windows are tumbling.";

    public static final String WINDOW_GRACE_MS_CONFIG = "window.grace.ms";
    private static final String WINDOW_GRACE_MS_DOC = "How long after its end a window still accepts out-of-order"
            + " events, in milliseconds of stream time. Later events are counted per source and dropped.";

    public static final String REPLICA_WINDOW_SIZE_MS_CONFIG = "replica.window.size.ms";
    private static final String REPLICA_WINDOW_SIZE_MS_DOC = "Size of the tumbling event-time windows of replica"
            + " telemetry, in milliseconds, which sets how often replica scores reach the load balancer. Unset, it is"
            + " window.size.ms.";

    public static final String REPLICA_WINDOW_GRACE_MS_CONFIG = "replica.window.grace.ms";
    private static final String REPLICA_WINDOW_GRACE_MS_DOC = "How long after its end a replica window still accepts"
            + " out-of-order events, in milliseconds of stream time. A replica score is sent once stream time passes"
            + " the window end plus this grace. Unset, it is window.grace.ms.";

    public static final String SKEW_TOLERANCE_MS_CONFIG = "timestamp.skew.tolerance.ms";
    private static final String SKEW_TOLERANCE_MS_DOC = "Largest accepted difference between an event's eventTime and"
            + " its receiveTime, in milliseconds. Beyond it, receiveTime orders the event instead.";

    public static final String SKEW_ACTION_CONFIG = "timestamp.skew.action";
    private static final String SKEW_ACTION_DOC = "What happens to an event beyond the skew tolerance: CLAMP keeps it"
            + " at its receiveTime, DEAD_LETTER sends it to the dead-letter topic.";

    public static final String DEGRADE_WINDOWS_CONFIG = "health.degrade.windows";
    private static final String DEGRADE_WINDOWS_DOC = "Consecutive bad windows after which a node turns DEGRADED, a count"
            + " of windows that do not overlap: judged windows overlap when panes are shorter than windows, and a bad"
            + " window counts only when it starts at or after the end of the last one counted, so the count spans"
            + " at least that many times window.size.ms of bad telemetry.";

    public static final String RECOVER_WINDOWS_CONFIG = "health.recover.windows";
    private static final String RECOVER_WINDOWS_DOC = "Consecutive good windows after which a DEGRADED node is HEALTHY"
            + " again, a count of windows that do not overlap, counted as health.degrade.windows counts bad ones; in"
            + " between it is RECOVERING.";

    public static final String MIN_NODE_SAMPLES_CONFIG = "health.min.node.samples";
    private static final String MIN_NODE_SAMPLES_DOC = "NodeMetrics events a window needs to be judged, a count. A window"
            + " with fewer holds the state and says why in the node-health record.";

    public static final String HEARTBEAT_MS_CONFIG = "health.heartbeat.ms";
    private static final String HEARTBEAT_MS_DOC = "Event time between two NodeHealth records of a node whose judged"
            + " windows repeat the last record's state, counts, reasons and evidence values, in milliseconds. Such"
            + " a window sends a record only once its end is this far past the end of the node's last record, so"
            + " that readers of the compacted topic see that the node is still judged. A window that changes any"
            + " of them sends a record at once. 0 sends a record for every judged window. Unset, it is"
            + " window.size.ms.";

    public static final String CPU_MAX_RATIO_CONFIG = "health.cpu.max.ratio";
    private static final String CPU_MAX_RATIO_DOC = "Mean CPU use over capacity above which a window is bad, a ratio.";

    public static final String MEMORY_MAX_RATIO_CONFIG = "health.memory.max.ratio";
    private static final String MEMORY_MAX_RATIO_DOC = "Peak memory use over capacity above which a window is bad, a ratio.";

    public static final String RT_MAX_RATIO_CONFIG = "health.rt.max.ratio";
    private static final String RT_MAX_RATIO_DOC = "Real-time CPU bandwidth in use over the node's limit above which a"
            + " window is bad, a ratio.";

    public static final String LOSS_MAX_RATIO_CONFIG = "health.probe.loss.max.ratio";
    private static final String LOSS_MAX_RATIO_DOC = "Mean probe loss from one vantage point above which a window is bad,"
            + " a ratio.";

    public static final String RTT_MAX_MICROS_CONFIG = "health.probe.rtt.max.micros";
    private static final String RTT_MAX_MICROS_DOC = "Mean probe round-trip time above which a window is bad, in"
            + " microseconds.";

    public static final String SILENCE_MS_CONFIG = "unreachable.silence.ms";
    private static final String SILENCE_MS_DOC = "Wall-clock time without NodeMetrics after which a node is silent, in"
            + " milliseconds. A silent node is UNREACHABLE when enough vantage points report failed probes, else SUSPECT.";

    public static final String CHECK_INTERVAL_MS_CONFIG = "unreachable.check.interval.ms";
    private static final String CHECK_INTERVAL_MS_DOC = "Wall-clock interval of the silence check, in milliseconds.";

    public static final String MIN_VANTAGE_POINTS_CONFIG = "unreachable.min.vantage.points";
    private static final String MIN_VANTAGE_POINTS_DOC = "Distinct vantage points whose latest probes must fail before"
            + " a silent node is UNREACHABLE, a count of at least 2.";

    public static final String UNREACHABLE_LOSS_RATIO_CONFIG = "unreachable.probe.loss.ratio";
    private static final String UNREACHABLE_LOSS_RATIO_DOC = "Loss ratio at or above which a probe burst counts as failed.";

    public static final String LATENCY_TARGET_MS_CONFIG = "replica.latency.p95.target.ms";
    private static final String LATENCY_TARGET_MS_DOC = "95th percentile response time a replica should stay under, in"
            + " milliseconds.";

    public static final String ERROR_RATIO_MAX_CONFIG = "replica.error.ratio.max";
    private static final String ERROR_RATIO_MAX_DOC = "Error ratio at which a replica's error factor reaches 0, a ratio.";

    public static final String IN_FLIGHT_MAX_CONFIG = "replica.in.flight.max";
    private static final String IN_FLIGHT_MAX_DOC = "Mean requests in progress above which a replica loses score, a count.";

    public static final String SERVICE_TARGETS_CONFIG = "replica.service.metric.targets";
    private static final String SERVICE_TARGETS_DOC = "Targets of service-specific metrics, as namespace/fogservice:metric<=value"
            + " (lower is better) or namespace/fogservice:metric>=value (higher is better), comma-separated. They replace"
            + " the targets that the FogServices they name declare in spec.metrics; other FogServices keep their own.";

    public static final String BETTER_MARGIN_POINTS_CONFIG = "better.node.margin.points";
    private static final String BETTER_MARGIN_POINTS_DOC = "Score points (0 to 100) by which another node must beat a"
            + " pod's node for BetterNode.";

    public static final String BETTER_HOLD_MS_CONFIG = "better.node.hold.ms";
    private static final String BETTER_HOLD_MS_DOC = "Event time for which the other node must stay healthy and better"
            + " before BetterNode decides, in milliseconds; a whole number of windows.";

    public static final String RTT_REFERENCE_MICROS_CONFIG = "node.score.rtt.reference.micros";
    private static final String RTT_REFERENCE_MICROS_DOC = "Round-trip time at which a node's latency score is half its"
            + " best, in microseconds.";

    public static final String ADVICE_WAIT_MS_CONFIG = "advice.wait.ms";
    private static final String ADVICE_WAIT_MS_DOC = "Wall-clock time after which placement advice stops waiting for"
            + " a node-health partition that sent no progress marker since start-up, or whose marker is behind"
            + " the others and has not moved, in milliseconds. Until the partition sends again, windows are"
            + " resolved without it. Keep it several window sizes long, because each marker moves once per window.";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "Kafka Streams commit interval, in milliseconds. Under"
            + " exactly-once it bounds how long outputs stay invisible to read_committed consumers.";

    public static final String STREAM_THREADS_CONFIG = "num.stream.threads";
    private static final String STREAM_THREADS_DOC = "Kafka Streams threads, a count.";

    private static final long MIN_PANE_MS = 25;

    public static final String DEFAULT_APPLICATION_ID = "edgeplane-anomaly";
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100L;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, APPLICATION_ID_DOC)
            .define(WINDOW_SIZE_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(100), Importance.HIGH, WINDOW_SIZE_MS_DOC)
            .define(WINDOW_PANE_MS_CONFIG, Type.LONG, null, ConfigDef.LambdaValidator.with((name, value) -> {
                if (value != null && (Long) value < MIN_PANE_MS) {
                    throw new ConfigException(name, value, "Value must be at least " + MIN_PANE_MS);
                }
            }, () -> "null or at least " + MIN_PANE_MS), Importance.MEDIUM, WINDOW_PANE_MS_DOC)
            .define(WINDOW_GRACE_MS_CONFIG, Type.LONG, 2_000L, Range.atLeast(0), Importance.HIGH, WINDOW_GRACE_MS_DOC)
            .define(REPLICA_WINDOW_SIZE_MS_CONFIG, Type.LONG, null, unsetOrAtLeast(100), Importance.MEDIUM,
                    REPLICA_WINDOW_SIZE_MS_DOC)
            .define(REPLICA_WINDOW_GRACE_MS_CONFIG, Type.LONG, null, unsetOrAtLeast(0), Importance.MEDIUM,
                    REPLICA_WINDOW_GRACE_MS_DOC)
            .define(SKEW_TOLERANCE_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0), Importance.MEDIUM,
                    SKEW_TOLERANCE_MS_DOC)
            .define(SKEW_ACTION_CONFIG, Type.STRING, SkewAction.CLAMP.name(),
                    ValidString.in(SkewAction.CLAMP.name(), SkewAction.DEAD_LETTER.name()), Importance.MEDIUM,
                    SKEW_ACTION_DOC)
            .define(DEGRADE_WINDOWS_CONFIG, Type.INT, 3, Range.atLeast(1), Importance.HIGH, DEGRADE_WINDOWS_DOC)
            .define(RECOVER_WINDOWS_CONFIG, Type.INT, 3, Range.atLeast(1), Importance.HIGH, RECOVER_WINDOWS_DOC)
            .define(MIN_NODE_SAMPLES_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, MIN_NODE_SAMPLES_DOC)
            .define(HEARTBEAT_MS_CONFIG, Type.LONG, null, unsetOrAtLeast(0), Importance.LOW, HEARTBEAT_MS_DOC)
            .define(CPU_MAX_RATIO_CONFIG, Type.DOUBLE, 0.9, Range.between(0.0, 10.0), Importance.MEDIUM,
                    CPU_MAX_RATIO_DOC)
            .define(MEMORY_MAX_RATIO_CONFIG, Type.DOUBLE, 0.95, Range.between(0.0, 10.0), Importance.MEDIUM,
                    MEMORY_MAX_RATIO_DOC)
            .define(RT_MAX_RATIO_CONFIG, Type.DOUBLE, 1.0, Range.between(0.0, 10.0), Importance.MEDIUM,
                    RT_MAX_RATIO_DOC)
            .define(LOSS_MAX_RATIO_CONFIG, Type.DOUBLE, 0.2, Range.between(0.0, 1.0), Importance.MEDIUM,
                    LOSS_MAX_RATIO_DOC)
            .define(RTT_MAX_MICROS_CONFIG, Type.DOUBLE, 50_000.0, Range.atLeast(0.0), Importance.MEDIUM,
                    RTT_MAX_MICROS_DOC)
            .define(SILENCE_MS_CONFIG, Type.LONG, 15_000L, Range.atLeast(1), Importance.HIGH, SILENCE_MS_DOC)
            .define(CHECK_INTERVAL_MS_CONFIG, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                    CHECK_INTERVAL_MS_DOC)
            .define(MIN_VANTAGE_POINTS_CONFIG, Type.INT, 2, Range.atLeast(2), Importance.HIGH,
                    MIN_VANTAGE_POINTS_DOC)
            .define(UNREACHABLE_LOSS_RATIO_CONFIG, Type.DOUBLE, 1.0, Range.between(0.0, 1.0), Importance.MEDIUM,
                    UNREACHABLE_LOSS_RATIO_DOC)
            .define(LATENCY_TARGET_MS_CONFIG, Type.DOUBLE, 200.0, Range.atLeast(0.001), Importance.MEDIUM,
                    LATENCY_TARGET_MS_DOC)
            .define(ERROR_RATIO_MAX_CONFIG, Type.DOUBLE, 0.1, Range.between(0.001, 1.0), Importance.MEDIUM,
                    ERROR_RATIO_MAX_DOC)
            .define(IN_FLIGHT_MAX_CONFIG, Type.DOUBLE, 100.0, Range.atLeast(1.0), Importance.LOW, IN_FLIGHT_MAX_DOC)
            .define(SERVICE_TARGETS_CONFIG, Type.LIST, List.of(), Importance.MEDIUM, SERVICE_TARGETS_DOC)
            .define(BETTER_MARGIN_POINTS_CONFIG, Type.DOUBLE, 10.0, Range.between(0.0, 100.0), Importance.HIGH,
                    BETTER_MARGIN_POINTS_DOC)
            .define(BETTER_HOLD_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0), Importance.HIGH, BETTER_HOLD_MS_DOC)
            .define(RTT_REFERENCE_MICROS_CONFIG, Type.DOUBLE, 20_000.0, Range.atLeast(1.0), Importance.LOW,
                    RTT_REFERENCE_MICROS_DOC)
            .define(ADVICE_WAIT_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM, ADVICE_WAIT_MS_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_COMMIT_INTERVAL_MS, Range.atLeast(1), Importance.MEDIUM,
                    COMMIT_INTERVAL_MS_DOC)
            .define(STREAM_THREADS_CONFIG, Type.INT, 1, Range.between(1, 256), Importance.MEDIUM, STREAM_THREADS_DOC);

    /** Treatment of an event whose eventTime runs ahead of its receiveTime beyond the skew tolerance. */
    public enum SkewAction {
        /** Keep the event, ordered by its receiveTime. */
        CLAMP,
        /** Send the event to the dead-letter topic. */
        DEAD_LETTER
    }

    private final ServiceTargets serviceTargets;

    /**
     * Parses and checks the settings; unknown keys are ignored, so Kafka Streams settings may share the map.
     *
     * @throws ConfigException naming the key and value when a setting or a rule between settings is broken
     */
    public AnomalyConfig(Map<?, ?> settings) {
        super(CONFIG_DEF, settings, false);
        serviceTargets = ServiceTargets.parse(SERVICE_TARGETS_CONFIG, getList(SERVICE_TARGETS_CONFIG));
        checkRules();
    }

    private void checkRules() {
        long size = windowSize().toMillis();
        Long pane = getLong(WINDOW_PANE_MS_CONFIG);
        if (pane == null && size % 4 != 0) {
            throw new ConfigException("Missing " + WINDOW_PANE_MS_CONFIG + ": " + WINDOW_SIZE_MS_CONFIG + "=" + size
                    + " has no whole quarter to use as the default. Set " + WINDOW_PANE_MS_CONFIG + " to a divisor of "
                    + size + ", such as " + size + " for tumbling windows.");
        }
        if (pane != null && (pane > size || size % pane != 0)) {
            throw new ConfigException("Invalid " + WINDOW_PANE_MS_CONFIG + "=" + pane + ": it must divide "
                    + WINDOW_SIZE_MS_CONFIG + "=" + size + ". Set it to a divisor of " + size + ", such as "
                    + largestDivisorAtMost(size, pane) + ".");
        }
        if (betterHold().toMillis() % size != 0) {
            throw new ConfigException(BETTER_HOLD_MS_CONFIG + "=" + betterHold().toMillis() + " is not a multiple of "
                    + WINDOW_SIZE_MS_CONFIG + "=" + size + "; set it to a whole number of windows, such as "
                    + (betterHold().toMillis() / size + 1) * size + ".");
        }
        if (silence().toMillis() < size) {
            throw new ConfigException(SILENCE_MS_CONFIG + "=" + silence().toMillis() + " is shorter than "
                    + WINDOW_SIZE_MS_CONFIG + "=" + size + ", so a node would look silent between two samples of one"
                    + " window; set it to at least " + size + ".");
        }
        if (checkInterval().compareTo(silence()) > 0) {
            throw new ConfigException(CHECK_INTERVAL_MS_CONFIG + "=" + checkInterval().toMillis() + " is longer than "
                    + SILENCE_MS_CONFIG + "=" + silence().toMillis() + "; set it to at most the silence time.");
        }
    }

    /** Returns the largest valid pane size that divides {@code size} and is at most {@code limit}, else {@code size}. */
    private static long largestDivisorAtMost(long size, long limit) {
        for (long candidate = Math.min(size, limit); candidate >= MIN_PANE_MS; candidate--) {
            if (size % candidate == 0) {
                return candidate;
            }
        }
        return size;
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public Duration windowSize() {
        return Duration.ofMillis(getLong(WINDOW_SIZE_MS_CONFIG));
    }

    /** Returns the size of replica windows: {@code replica.window.size.ms}, else {@code window.size.ms}. */
    public Duration replicaWindowSize() {
        Long size = getLong(REPLICA_WINDOW_SIZE_MS_CONFIG);
        return size == null ? windowSize() : Duration.ofMillis(size);
    }

    /** Returns the grace of replica windows: {@code replica.window.grace.ms}, else {@code window.grace.ms}. */
    public Duration replicaWindowGrace() {
        Long grace = getLong(REPLICA_WINDOW_GRACE_MS_CONFIG);
        return grace == null ? windowGrace() : Duration.ofMillis(grace);
    }

    /** Returns the NodeHealth heartbeat: {@code health.heartbeat.ms}, else {@code window.size.ms}. */
    public Duration healthHeartbeat() {
        Long heartbeat = getLong(HEARTBEAT_MS_CONFIG);
        return heartbeat == null ? windowSize() : Duration.ofMillis(heartbeat);
    }

    /** Returns a validator that accepts an unset value or a whole number of at least {@code min}. */
    private static ConfigDef.Validator unsetOrAtLeast(long min) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null && (Long) value < min) {
                throw new ConfigException(name, value, "Value must be at least " + min + ", or unset");
            }
        }, () -> "[" + min + ",...] or unset");
    }

    /** Returns the size of the tumbling panes of node telemetry, a divisor of {@link #windowSize()}. */
    public Duration windowPane() {
        Long pane = getLong(WINDOW_PANE_MS_CONFIG);
        return Duration.ofMillis(pane == null ? getLong(WINDOW_SIZE_MS_CONFIG) / 4 : pane);
    }

    public Duration windowGrace() {
        return Duration.ofMillis(getLong(WINDOW_GRACE_MS_CONFIG));
    }

    public long skewToleranceMs() {
        return getLong(SKEW_TOLERANCE_MS_CONFIG);
    }

    public SkewAction skewAction() {
        return SkewAction.valueOf(getString(SKEW_ACTION_CONFIG).toUpperCase(Locale.ROOT));
    }

    public int degradeWindows() {
        return getInt(DEGRADE_WINDOWS_CONFIG);
    }

    public int recoverWindows() {
        return getInt(RECOVER_WINDOWS_CONFIG);
    }

    public int minNodeSamples() {
        return getInt(MIN_NODE_SAMPLES_CONFIG);
    }

    public double cpuMaxRatio() {
        return getDouble(CPU_MAX_RATIO_CONFIG);
    }

    public double memoryMaxRatio() {
        return getDouble(MEMORY_MAX_RATIO_CONFIG);
    }

    public double rtMaxRatio() {
        return getDouble(RT_MAX_RATIO_CONFIG);
    }

    public double lossMaxRatio() {
        return getDouble(LOSS_MAX_RATIO_CONFIG);
    }

    public double rttMaxMicros() {
        return getDouble(RTT_MAX_MICROS_CONFIG);
    }

    public Duration silence() {
        return Duration.ofMillis(getLong(SILENCE_MS_CONFIG));
    }

    public Duration checkInterval() {
        return Duration.ofMillis(getLong(CHECK_INTERVAL_MS_CONFIG));
    }

    public int minVantagePoints() {
        return getInt(MIN_VANTAGE_POINTS_CONFIG);
    }

    public double unreachableLossRatio() {
        return getDouble(UNREACHABLE_LOSS_RATIO_CONFIG);
    }

    public double latencyTargetMs() {
        return getDouble(LATENCY_TARGET_MS_CONFIG);
    }

    public double errorRatioMax() {
        return getDouble(ERROR_RATIO_MAX_CONFIG);
    }

    public double inFlightMax() {
        return getDouble(IN_FLIGHT_MAX_CONFIG);
    }

    public ServiceTargets serviceTargets() {
        return serviceTargets;
    }

    public double betterMarginPoints() {
        return getDouble(BETTER_MARGIN_POINTS_CONFIG);
    }

    public Duration betterHold() {
        return Duration.ofMillis(getLong(BETTER_HOLD_MS_CONFIG));
    }

    public double rttReferenceMicros() {
        return getDouble(RTT_REFERENCE_MICROS_CONFIG);
    }

    public Duration adviceWait() {
        return Duration.ofMillis(getLong(ADVICE_WAIT_MS_CONFIG));
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS_CONFIG);
    }

    public int streamThreads() {
        return getInt(STREAM_THREADS_CONFIG);
    }
}
