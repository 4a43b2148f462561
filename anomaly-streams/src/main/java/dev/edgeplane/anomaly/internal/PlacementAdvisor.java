package dev.edgeplane.anomaly.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.StoreNames;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeView;
import dev.edgeplane.anomaly.internal.state.ProgressMarker;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.state.NodeHealthState;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement advice for one location: DegradedNode and BetterNode decisions from node verdicts and
 * placements keyed by {@code location/...}.
 *
 * <p>Verdicts of the nodes of a location come from different node-health tasks, in an order that a
 * replay does not repeat, so the advisor resolves a location window by window, in order of window
 * end, and only once the watermark of {@link UpstreamProgress} has reached the window: every
 * node-health partition that counts has sent a {@link ProgressMarker} saying that all its verdicts
 * of windows ending at or before that time are out. Each comparison then reads the same verdicts in
 * every run, whatever the speed of each upstream task. A silent node needs no wait: its partition's
 * marker moves on without it. The ordering guarantee behind a marker is explained in
 * {@link ProgressMarkers}.
 *
 * <p>Placements and verdicts reach this task on two partitions, and Kafka Streams picks the record
 * with the lower timestamp when both have records buffered. Markers carry the window end they
 * cover as their timestamp. So a placement whose timestamp is earlier than a window is applied
 * before the window is resolved, if the placement is on its partition when the marker is picked.
 * One instance per task, on its stream thread.
 *
 * <p>NOTE: a replay can still differ from the first run in these cases. A node-health partition
 * that is idle or stale (see {@link UpstreamProgress}) and later sends verdicts of windows already
 * resolved: those verdicts decide nothing, and a WARN counts them. A placement written to its
 * topic after the windows it should have applied to were resolved. A placement that is not yet on
 * its partition when the marker is picked (Kafka Streams waits for data already on the broker, not
 * for a producer: {@code max.task.idle.ms} 0).
 */
public final class PlacementAdvisor implements Processor<String, AdviceInput, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(PlacementAdvisor.class);
    private static final StringSerializer KEYS = new StringSerializer();
    private static final String RESOLVED_PREFIX = "resolved/";
    private static final String PROGRESS_PREFIX = "progress/";
    private static final String IDLE_PREFIX = "idle/";
    private static final long WARN_INTERVAL_MS = 10_000;

    private final AnomalyConfig config;
    private final DecisionFactory decisions;
    private final IntSupplier telemetryPartitions;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PodPlacement> pods;
    private KeyValueStore<String, PodPlacement> replicas;
    private LocationVerdicts verdicts;
    private KeyValueStore<String, Long> decided;
    private WindowComparison comparison;
    private UpstreamProgress progress;

    private long watermark = UpstreamProgress.NONE;
    private long passedWatermark = UpstreamProgress.NONE;
    private boolean pendingAdded;
    private boolean[] counted;
    // Newest verdict window end per location, and the locations with verdicts not resolved yet, so
    // that a marker costs a pass over those locations only. Rebuilt from the stores after a restart.
    private final Map<String, Long> newestEnds = new HashMap<>();
    private final Set<String> pending = new HashSet<>();
    // Live FogService pods per location, read from the pods store on the first window after a change.
    private final Map<String, List<PodPlacement>> livePods = new HashMap<>();
    private long lateVerdicts;
    private long lateWarnedMs = Long.MIN_VALUE;

    /**
     * @param telemetryPartitions returns the partition count of the node telemetry topics; read once
     *     in {@link #init}
     */
    public PlacementAdvisor(AnomalyConfig config, IntSupplier telemetryPartitions) {
        this.config = config;
        this.decisions = new DecisionFactory(config);
        this.telemetryPartitions = telemetryPartitions;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pods = context.getStateStore(StoreNames.LOCATION_PODS);
        this.verdicts = new LocationVerdicts(context.getStateStore(StoreNames.LOCATION_VERDICTS));
        this.decided = context.getStateStore(StoreNames.DECIDED);
        this.replicas = context.getStateStore(StoreNames.FOGSERVICE_REPLICAS);
        livePods.clear();
        DecisionEmitter emitter = new DecisionEmitter(context, decided, pods);
        DependencyRoundTrips roundTrips = new DependencyRoundTrips(context.getStateStore(StoreNames.FOGSERVICES),
                replicas);
        this.comparison = new WindowComparison(config, emitter, context.getStateStore(StoreNames.BETTER_STREAKS),
                roundTrips);
        long now = context.currentSystemTimeMs();
        progress = new UpstreamProgress(telemetryPartitions.getAsInt(), config.adviceWait().toMillis());
        counted = new boolean[progress.partitions()];
        for (int p = 0; p < progress.partitions(); p++) {
            if (decided.get(IDLE_PREFIX + p) != null) {
                progress.update(p, UpstreamProgress.NONE, true, now);
            }
            Long stored = decided.get(PROGRESS_PREFIX + p);
            if (stored != null) {
                progress.update(p, stored, false, now);
            }
            counted[p] = true;
        }
        restorePending();
        long interval = Math.max(100, Math.min(1_000, config.adviceWait().toMillis()));
        context.schedule(Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, this::advance);
    }

    @Override
    public void process(Record<String, AdviceInput> record) {
        AdviceInput input = record.value();
        if (record.key() == null || input == null) {
            return;
        }
        if (input.isPlacement()) {
            KeyValueStore<String, PodPlacement> store = LocationKeys.isReplicaKey(record.key()) ? replicas : pods;
            if (input.placement() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), input.placement());
            }
            if (store == pods) {
                livePods.remove(LocationKeys.location(record.key()));
            }
            return;
        }
        if (input.marker() != null) {
            onMarker(input.marker());
            return;
        }
        if (input.verdict() == null) {
            return;
        }

        NodeVerdict verdict = input.verdict();
        String location = LocationKeys.location(record.key());
        // Resolved windows are no longer needed, but the newest verdict shows how far the node got.
        verdicts.remember(location, verdict, decided.get(RESOLVED_PREFIX + location));
        if (!verdict.getInventoryKnown()) {
            maybeWithhold(verdict);
            return;
        }
        Long resolved = decided.get(RESOLVED_PREFIX + location);
        if (resolved != null && verdict.getWindowEnd() <= resolved) {
            warnLate(location, verdict, resolved);
            return;
        }
        newestEnds.merge(location, verdict.getWindowEnd(), Math::max);
        pendingAdded |= pending.add(location);
        if (watermark != UpstreamProgress.NONE && verdict.getWindowEnd() <= watermark) {
            resolve(location);
        }
    }

    private void onMarker(ProgressMarker marker) {
        int partition = marker.getPartition();
        if (partition < 0 || partition >= progress.partitions()) {
            log.warn("Task {}: progress marker of partition {} ignored: the node telemetry topics have {}"
                    + " partitions. A topic was recreated with another partition count; restart the application.",
                    context.taskId(), partition, progress.partitions());
            return;
        }
        boolean wasIdle = progress.idle(partition);
        if (progress.update(partition, marker.getCompleteThrough(), marker.getIdle(), context.currentSystemTimeMs())) {
            if (progress.idle(partition)) {
                decided.put(IDLE_PREFIX + partition, 1L);
            } else {
                if (wasIdle) {
                    decided.delete(IDLE_PREFIX + partition);
                }
                decided.put(PROGRESS_PREFIX + partition, progress.completeThrough(partition));
            }
            advance(context.currentSystemTimeMs());
        }
    }

    /** Moves the watermark and resolves the windows it reached, at every marker and wall-clock tick. */
    private void advance(long now) {
        watermark = progress.watermark(now);
        logCountChanges(now);
        // A pass also follows a watermark that fell back, when a stale partition moved again, and
        // rose to where it was: verdicts that arrived meanwhile are then due.
        if (watermark == UpstreamProgress.NONE || (watermark == passedWatermark && !pendingAdded)) {
            return;
        }
        passedWatermark = watermark;
        pendingAdded = false;
        for (String location : new ArrayList<>(pending)) {
            resolve(location);
        }
    }

    private void logCountChanges(long now) {
        for (int p = 0; p < counted.length; p++) {
            boolean counts = progress.counts(p, now);
            if (counts != counted[p]) {
                counted[p] = counts;
                long through = progress.completeThrough(p);
                if (counts) {
                    log.info("Task {}: node telemetry partition {} delays placement advice again, complete through {}",
                            context.taskId(), p, through);
                } else if (progress.idle(p)) {
                    log.info("Task {}: node telemetry partition {} is idle and no longer delays placement advice",
                            context.taskId(), p);
                } else {
                    log.info("Task {}: node telemetry partition {} no longer delays placement advice: its progress"
                            + " marker was at {}, behind the others, for {} ms (advice.wait.ms)", context.taskId(), p,
                            through, config.adviceWait().toMillis());
                }
            }
        }
    }

    private void warnLate(String location, NodeVerdict verdict, long resolved) {
        lateVerdicts++;
        long now = context.currentSystemTimeMs();
        if (now - lateWarnedMs >= WARN_INTERVAL_MS) {
            lateWarnedMs = now;
            log.warn("Task {}: verdict of node {} for the window ending at {} reached placement advice after location {} was"
                    + " resolved through {}, so it decides nothing for that window ({} such verdicts so far). Its node"
                    + " telemetry partition was idle or stale for advice.wait.ms={} ms.", context.taskId(), verdict.getNode(),
                    verdict.getWindowEnd(), location, resolved, lateVerdicts, config.adviceWait().toMillis());
        }
    }

    /** Rebuilds the verdicts and the locations with unresolved verdicts from the stores, after a start or restart. */
    private void restorePending() {
        newestEnds.clear();
        pending.clear();
        verdicts.load();
        verdicts.forEachNewestEnd((location, newest) -> newestEnds.merge(location, newest, Math::max));
        newestEnds.forEach((location, newest) -> {
            Long resolved = decided.get(RESOLVED_PREFIX + location);
            if (resolved == null || newest > resolved) {
                pending.add(location);
            }
        });
    }

    private void maybeWithhold(NodeVerdict verdict) {
        if (!NodeHealthState.DEGRADED.name().equals(verdict.getState())) {
            return;
        }
        String key = "withheld/" + verdict.getNode() + "/" + verdict.getSince();
        if (decided.get(key) != null) {
            return;
        }
        String reason = "DegradedNode advice withheld for node " + verdict.getNode() + ": no NodeInventory record on "
                + "edgeplane.cluster.nodes, so its location and the pods that could move are unknown.";
        log.warn("{} Window ended at {}", reason, verdict.getWindowEnd());
        decided.put(key, verdict.getWindowEnd());
        var audit = decisions.withheld(verdict, reason);
        context.forward(new Record<>(audit.getDecisionId(), audit, verdict.getWindowEnd()));
    }

    /**
     * Resolves every window of {@code location} with verdicts, ending after the last resolved one
     * and at or before the watermark, in order of window end. Windows without verdicts change nothing,
     * so they are skipped.
     */
    private void resolve(String location) {
        Long resolved = decided.get(RESOLVED_PREFIX + location);
        Map<String, NodeView> views = verdicts.views(location);
        TreeSet<Long> ends = new TreeSet<>();
        for (NodeView view : views.values()) {
            for (NodeVerdict verdict : view.getHistory()) {
                long end = verdict.getWindowEnd();
                if ((resolved == null || end > resolved) && end <= watermark && verdict.getInventoryKnown()) {
                    ends.add(end);
                }
            }
        }
        for (long end : ends) {
            comparison.resolveWindow(location, views, end, livePodsOf(location));
            decided.put(RESOLVED_PREFIX + location, end);
        }
        Long newest = newestEnds.get(location);
        if (newest == null || newest <= watermark) {
            pending.remove(location);
        }
    }

    /** Returns the running or pending FogService pods of {@code location} that are bound to a node, by pod uid. */
    private List<PodPlacement> livePodsOf(String location) {
        return livePods.computeIfAbsent(location, key -> {
            List<PodPlacement> found = new ArrayList<>();
            try (KeyValueIterator<String, PodPlacement> all = pods.prefixScan(LocationKeys.prefix(location), KEYS)) {
                all.forEachRemaining(entry -> {
                    PodPlacement pod = entry.value;
                    boolean live = pod.getPhase() == PodPhase.RUNNING || pod.getPhase() == PodPhase.PENDING;
                    if (pod.getNode() != null && pod.getFogService() != null && live) {
                        found.add(pod);
                    }
                });
            }
            found.sort((a, b) -> a.getPodUid().compareTo(b.getPodUid()));
            return List.copyOf(found);
        });
    }

}
