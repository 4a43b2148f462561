package dev.edgeplane.anomaly.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.StoreNames;
import dev.edgeplane.anomaly.internal.NodeJudgement.Verdict;
import dev.edgeplane.anomaly.internal.state.NodeHealthMemory;
import dev.edgeplane.anomaly.internal.state.NodePane;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeWindow;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.common.Evidence;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node health state machine on judged windows and judges silence by wall-clock
 * punctuation. Inputs, keyed by node, from the pane {@link TumblingWindowAggregator}: each closed
 * pane ({@link ClosedWindow} of a {@link NodeWindow}), and the raw NodeMetrics and LinkLatency
 * events for liveness. Every closed pane judges the window made of the node's panes of the latest
 * {@code window.size.ms} ({@link JudgedWindow}), kept in the node health store. Outputs: a
 * {@link NodeHealth} for the node-health topic on every change of silence and on every judged
 * window that changes the record or is due as a heartbeat ({@code health.heartbeat.ms}), a
 * {@link NodeVerdict} for placement advice on every judged window, and a
 * {@link dev.edgeplane.anomaly.internal.state.ProgressMarker} once the verdicts of a batch of
 * closed panes are out (see {@link ProgressMarkers}).
 *
 * <p>The published state is the window state, except while the node is silent (UNREACHABLE when at
 * least {@code unreachable.min.vantage.points} vantage points report failed probes, else SUSPECT)
 * and after its return (RECOVERING until {@code health.recover.windows} good windows that do not
 * overlap). Verdicts carry
 * the window state only, so decisions do not depend on wall-clock time. The silent state survives a
 * restart in the node health store, and for one {@code unreachable.silence.ms} after start-up the
 * check keeps every state, the time nodes and vantage points need to report again. One instance per
 * task, on its stream thread.
 */
public final class NodeHealthProcessor implements Processor<String, Object, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(NodeHealthProcessor.class);

    private final AnomalyConfig config;
    private final NodeHealthStateMachine machine;
    private final NodeHealthChangeFilter changes;
    private final Map<String, NodeLiveness> liveness = new HashMap<>();
    // The node health store's values, read once at init: a store read deserializes the node's panes.
    private final Map<String, NodeHealthMemory> memoryByNode = new HashMap<>();

    private ProcessorContext<String, SpecificRecord> context;
    private ProgressMarkers markers;
    private long startedWallMs;
    private KeyValueStore<String, NodeHealthMemory> memories;
    private TimestampedKeyValueStore<String, NodeInventory> inventory;

    public NodeHealthProcessor(AnomalyConfig config) {
        this.config = config;
        this.machine = new NodeHealthStateMachine(config.degradeWindows(), config.recoverWindows(),
                config.windowSize().toMillis());
        this.changes = new NodeHealthChangeFilter(config.healthHeartbeat().toMillis());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.markers = new ProgressMarkers(context.taskId().partition(), config.adviceWait().toMillis(),
                context.currentSystemTimeMs());
        this.memories = context.getStateStore(StoreNames.NODE_HEALTH);
        this.inventory = context.getStateStore(StoreNames.NODE_INVENTORY);
        long now = context.currentSystemTimeMs();
        startedWallMs = now;
        liveness.clear();
        memoryByNode.clear();
        changes.clear();
        try (KeyValueIterator<String, NodeHealthMemory> all = memories.all()) {
            all.forEachRemaining(entry -> {
                liveness.put(entry.key, NodeLiveness.restore(entry.value, now));
                memoryByNode.put(entry.key, entry.value);
            });
        }
        context.schedule(config.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkSilence);
    }

    @Override
    public void process(Record<String, Object> record) {
        String node = record.key();
        if (node == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        NodeLiveness live = liveness.computeIfAbsent(node, n -> new NodeLiveness(now));
        if (record.value() instanceof NodeMetrics) {
            live.lastMetricsWallMs = now;
            if (live.silentState != null) {
                log.info("Node {} sends metrics again after being {}", node, live.silentState);
                live.silentState = null;
                live.returning = true;
                live.goodWindowsSinceReturn = 0;
                saveLiveness(node, live);
            }
        } else if (record.value() instanceof LinkLatency latency) {
            live.probe(latency.getSourceNode(), now, latency.getLossRatio());
        } else if (record.value() instanceof ClosedWindow<?> closed) {
            closePane(node, closed.start(), closed.end(), (NodeWindow) closed.aggregate(), live);
            markers.windowEmitted(closed.end());
            return;
        }
        markers.recordProcessed();
        markers.maybeSend(context);
    }

    private void closePane(String node, long start, long end, NodeWindow pane, NodeLiveness live) {
        NodeHealthMemory previous = memoryByNode.get(node);
        JudgedWindow judged = JudgedWindow.of(previous == null ? List.of() : previous.getPanes(),
                new NodePane(start, end, pane), config.windowSize().toMillis());
        NodeJudgement judgement = NodeJudgement.judge(node, judged.window(), judged.start(), judged.end(), config);
        NodeHealthMemory memory = machine.next(previous, judgement.verdict(), judged.end());
        memory.setPanes(judged.panes());
        NodeHealthState windowState = NodeHealthState.valueOf(memory.getWindowState());

        NodeHealthState published = windowState;
        List<String> reasons = new ArrayList<>(judgement.reasons());
        if (live.silentState != null) {
            published = live.silentState;
            reasons.add(0, silenceReason(live, context.currentSystemTimeMs()));
        } else if (live.returning) {
            if (judgement.verdict() == Verdict.GOOD
                    && machine.counts(live.goodWindowsSinceReturn, live.returnCountedEnd, judged.end())) {
                live.goodWindowsSinceReturn++;
                live.returnCountedEnd = judged.end();
            }
            if (windowState == NodeHealthState.HEALTHY && live.goodWindowsSinceReturn < config.recoverWindows()) {
                published = NodeHealthState.RECOVERING;
                reasons.add("Node returned from silence; " + live.goodWindowsSinceReturn + " of "
                        + config.recoverWindows() + " good windows so far (health.recover.windows).");
            } else {
                live.returning = false;
            }
        }
        if (windowState == NodeHealthState.SUSPECT && judgement.verdict() == Verdict.BAD) {
            reasons.add("Bad window " + memory.getConsecutiveBad() + " of " + config.degradeWindows()
                    + " needed for DEGRADED (health.degrade.windows); no decision yet.");
        }

        memory = publish(node, memory, published, reasons, judgement.evidence(), judgement.vantagePoints(),
                judged.start(), judged.end(), judged.end());
        store(node, live.writeTo(memory));
        context.forward(new Record<>(node, verdict(node, memory, judged, judgement), judged.end()));
    }

    private void checkSilence(long now) {
        markers.maybeSend(context);
        markers.maybeAnnounce(context, now);
        long silenceMs = config.silence().toMillis();
        if (settling(now)) {
            // Restored probes are as old as the restart took, and nodes that were not silent count as
            // heard from at start-up. Judging waits until every node had time to report again.
            return;
        }
        for (Map.Entry<String, NodeLiveness> entry : liveness.entrySet()) {
            NodeLiveness live = entry.getValue();
            NodeHealthState silent = null;
            if (now - live.lastMetricsWallMs >= silenceMs) {
                int failing = live.failingVantagePoints(now, silenceMs, config.unreachableLossRatio());
                silent = failing >= config.minVantagePoints() ? NodeHealthState.UNREACHABLE : NodeHealthState.SUSPECT;
            }
            if (silent == null || silent == live.silentState) {
                if (live.probesUnsaved) {
                    // Writes the newer probes of a silent node to the store, so a restart finds them fresh.
                    saveLiveness(entry.getKey(), live);
                }
                continue;
            }
            live.silentState = silent;
            NodeHealthMemory memory = memoryByNode.get(entry.getKey());
            if (memory == null) {
                continue;
            }
            log.info("Node {} is {}: {}", entry.getKey(), silent, silenceReason(live, now));
            long streamTime = Math.max(context.currentStreamTimeMs(), memory.getLastWindowEnd());
            memory = publish(entry.getKey(), memory, silent, List.of(silenceReason(live, now)), List.of(),
                    live.freshVantagePoints(now, silenceMs), memory.getLastWindowEnd() - config.windowSize().toMillis(),
                    memory.getLastWindowEnd(), streamTime);
            store(entry.getKey(), live.writeTo(memory));
        }
    }

    /** Returns whether less than one silence period has passed since start-up, during which silence is not judged. */
    private boolean settling(long now) {
        return now - startedWallMs < config.silence().toMillis();
    }

    /** Writes the liveness of {@code node} into its stored memory, if it has one. */
    private void saveLiveness(String node, NodeLiveness live) {
        NodeHealthMemory memory = memoryByNode.get(node);
        if (memory != null) {
            store(node, live.writeTo(memory));
        }
    }

    /** Writes {@code memory} of {@code node} to the store and keeps it for the next read. */
    private void store(String node, NodeHealthMemory memory) {
        memoryByNode.put(node, memory);
        memories.put(node, memory);
    }

    private String silenceReason(NodeLiveness live, long now) {
        long silenceMs = config.silence().toMillis();
        int failing = live.failingVantagePoints(now, silenceMs, config.unreachableLossRatio());
        String base = "No node-metrics for " + (now - live.lastMetricsWallMs) + " ms of wall-clock time (unreachable.silence.ms="
                + silenceMs + "); " + failing + " vantage point(s) report failed probes";
        if (failing >= config.minVantagePoints()) {
            return base + ".";
        }
        if (live.silentState == NodeHealthState.UNREACHABLE && settling(now)) {
            return base + "; the application restarted " + (now - startedWallMs) + " ms ago, so UNREACHABLE is kept"
                    + " until the vantage points have had unreachable.silence.ms to report again.";
        }
        return base + ", fewer than the " + config.minVantagePoints() + " needed for UNREACHABLE"
                + " (unreachable.min.vantage.points), so the node is only SUSPECT.";
    }

    /**
     * Writes a NodeHealth record unless it repeats the node's last one ({@link NodeHealthChangeFilter}),
     * and returns {@code memory}, changed in place to the published state.
     */
    private NodeHealthMemory publish(String node, NodeHealthMemory memory, NodeHealthState state, List<String> reasons,
            List<Evidence> evidence, int vantagePoints, long windowStart, long windowEnd, long streamTime) {
        NodeHealthState previous = NodeHealthState.valueOf(memory.getPublishedState());
        long since = previous == state ? memory.getPublishedSince() : streamTime;
        NodeHealthState recordedPrevious = previous == state
                ? NodeHealthState.valueOf(memory.getPublishedPrevious()) : previous;
        if (previous != state) {
            log.info("Node {} changes from {} to {} at stream time {}: {}", node, previous, state, streamTime, reasons);
        }
        NodeHealth health = NodeHealth.newBuilder()
                .setNode(node)
                .setState(state)
                .setPreviousState(recordedPrevious)
                .setSince(Instant.ofEpochMilli(since))
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setWindowGraceMs(config.windowGrace().toMillis())
                .setConsecutiveBadWindows(memory.getConsecutiveBad())
                .setConsecutiveGoodWindows(memory.getConsecutiveGood())
                .setVantagePoints(vantagePoints)
                .setReasons(state == NodeHealthState.HEALTHY ? List.of() : reasons)
                .setEvidence(evidence)
                .build();
        if (changes.passes(health)) {
            context.forward(new Record<>(node, health, streamTime));
        }
        // Set in place: a builder copy would deep-copy the stored panes on every judged window.
        memory.setPublishedState(state.name());
        memory.setPublishedSince(since);
        memory.setPublishedPrevious(recordedPrevious.name());
        return memory;
    }

    private NodeVerdict verdict(String node, NodeHealthMemory memory, JudgedWindow judged, NodeJudgement judgement) {
        ValueAndTimestamp<NodeInventory> entry = inventory.get(node);
        NodeInventory nodeInventory = entry == null ? null : entry.value();
        return NodeVerdict.newBuilder()
                .setNode(node)
                .setLocation(nodeInventory == null ? null : nodeInventory.getLocation())
                .setInventoryKnown(nodeInventory != null)
                .setUnschedulable(nodeInventory != null && nodeInventory.getUnschedulable())
                .setState(memory.getWindowState())
                .setSince(memory.getSince())
                .setWindowStart(judged.start())
                .setWindowEnd(judged.end())
                .setMetricsSamples(judged.window().getMetricsSamples())
                .setCpuMeanRatio(judgement.cpuMeanRatio())
                .setRtHeadroomRatio(judgement.rtHeadroomRatio())
                .setMeanRttMicros(judgement.meanRttMicros())
                .setMaxLossRatio(judgement.maxLossRatio())
                .setVantagePoints(judgement.vantagePoints())
                .setRttMicrosByVantagePoint(judgement.rttMicrosByVantagePoint())
                .setScore(judgement.score())
                .setMissingInputs(judgement.missingInputs())
                .build();
    }
}
