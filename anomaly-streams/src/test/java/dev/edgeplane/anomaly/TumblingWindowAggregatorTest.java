package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.internal.ClosedWindow;
import dev.edgeplane.anomaly.internal.NodeWindows;
import dev.edgeplane.anomaly.internal.ReplicaWindows;
import dev.edgeplane.anomaly.internal.TumblingWindowAggregator;
import dev.edgeplane.anomaly.internal.state.ReplicaWindow;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.anomaly.internal.state.NodeWindow;
import dev.edgeplane.schemas.serde.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tumbling windows as node panes: when they close, in which order, what they hold, and what a
 * restart finds in the store. Replica windows forward no samples.
 */
class TumblingWindowAggregatorTest {

    private static final String STORE = "node-panes";
    private static final long PANE_MS = 500;
    private static final long GRACE_MS = 200;

    private KeyValueStore<String, NodeWindow> store;
    private MockProcessorContext<String, Object> context;

    @BeforeEach
    void openStore() {
        SpecificAvroSerde<NodeWindow> serde = SpecificAvroSerde.of(new InMemoryRegistry(), NodeWindow.class, Map.of(),
                false);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), serde)
                .withLoggingDisabled().build();
        context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private TumblingWindowAggregator<Object, NodeWindow> started() {
        TumblingWindowAggregator<Object, NodeWindow> aggregator = new TumblingWindowAggregator<>(STORE, PANE_MS,
                GRACE_MS, NodeWindows::empty, NodeWindows::add, true);
        aggregator.init(context);
        return aggregator;
    }

    private static void send(TumblingWindowAggregator<Object, NodeWindow> aggregator, String node, long timestamp, double cpuRatio) {
        aggregator.process(new Record<>(node, Events.metrics(node, timestamp, cpuRatio), timestamp));
    }

    /** Returns the forwarded records since the last call, closed panes as "node start-end samples", samples as "node @timestamp". */
    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (MockProcessorContext.CapturedForward<? extends String, ?> forward : context.forwarded()) {
            Record<? extends String, ?> record = forward.record();
            if (record.value() instanceof ClosedWindow<?> pane) {
                out.add(record.key() + " " + pane.start() + "-" + pane.end() + " "
                        + ((NodeWindow) pane.aggregate()).getMetricsSamples());
            } else {
                out.add(record.key() + " @" + record.timestamp());
            }
        }
        context.resetForwards();
        return out;
    }

    private List<String> storedKeys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, NodeWindow> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void paneClosesAfterEndPlusGrace() {
        TumblingWindowAggregator<Object, NodeWindow> aggregator = started();
        send(aggregator, "edge-1", 100, 0.3);
        send(aggregator, "edge-1", 400, 0.5);
        send(aggregator, "edge-1", 650, 0.4);
        // 500 + 200 grace = 700: stream time 699 keeps the first pane open.
        send(aggregator, "edge-1", 699, 0.4);
        assertThat(drain()).containsExactly("edge-1 @100", "edge-1 @400", "edge-1 @650", "edge-1 @699");

        send(aggregator, "edge-1", 700, 0.4);
        assertThat(drain()).containsExactly("edge-1 0-500 2", "edge-1 @700");
        assertThat(storedKeys()).containsExactly("edge-1/500");
    }

    @Test
    void panesCloseByEndThenNode() {
        TumblingWindowAggregator<Object, NodeWindow> aggregator = started();
        send(aggregator, "edge-b", 100, 0.3);
        send(aggregator, "edge-a", 200, 0.3);
        send(aggregator, "edge-b", 600, 0.3);
        send(aggregator, "edge-c", 650, 0.3);
        drain();

        // Stream time 1,800 closes the panes ending at 500 and 1,000 (1,000 + 200 <= 1,800), not 1,500's.
        send(aggregator, "edge-a", 1_800, 0.3);
        assertThat(drain()).containsExactly("edge-a 0-500 1", "edge-b 0-500 1", "edge-b 500-1000 1",
                "edge-c 500-1000 1", "edge-a @1800");
    }

    @Test
    void outOfOrderSampleJoinsOpenPane() {
        TumblingWindowAggregator<Object, NodeWindow> aggregator = started();
        send(aggregator, "edge-1", 300, 0.3);
        send(aggregator, "edge-1", 600, 0.3);
        // Out of order but within grace: it belongs to the pane 0-500, which is still open.
        send(aggregator, "edge-1", 450, 0.9);
        send(aggregator, "edge-1", 1_250, 0.3);
        List<String> out = drain();
        assertThat(out).contains("edge-1 0-500 2", "edge-1 500-1000 1");
        assertThat(out.indexOf("edge-1 0-500 2")).isLessThan(out.indexOf("edge-1 500-1000 1"));
    }

    @Test
    void restartReadsOpenPanesFromStore() {
        TumblingWindowAggregator<Object, NodeWindow> first = started();
        send(first, "edge-1", 100, 0.2);
        send(first, "edge-1", 200, 0.6);
        send(first, "edge-2", 550, 0.4);
        assertThat(storedKeys()).containsExactlyInAnyOrder("edge-1/0", "edge-2/500");
        drain();

        TumblingWindowAggregator<Object, NodeWindow> restarted = started();
        send(restarted, "edge-1", 300, 1.0);
        send(restarted, "edge-2", 1_300, 0.4);
        assertThat(drain()).containsExactly("edge-1 @300", "edge-1 0-500 3", "edge-2 500-1000 1", "edge-2 @1300");
        assertThat(storedKeys()).containsExactly("edge-2/1000");
    }

    @Test
    void closedPaneHoldsItsAggregate() {
        TumblingWindowAggregator<Object, NodeWindow> aggregator = started();
        send(aggregator, "edge-1", 100, 0.2);
        send(aggregator, "edge-1", 200, 0.6);
        send(aggregator, "edge-1", 650, 0.1);
        context.resetForwards();
        send(aggregator, "edge-1", 2_000, 0.1);
        NodeWindow first = (NodeWindow) ((ClosedWindow<?>) context.forwarded().get(0).record().value()).aggregate();
        assertThat(first.getMetricsSamples()).isEqualTo(2);
        assertThat(first.getCpuRatioSum()).isCloseTo(0.8, offset(1e-9));
        assertThat(first.getCpuRatioMax()).isCloseTo(0.6, offset(1e-9));
    }

    @Test
    void rejectsNonPositivePane() {
        assertThatThrownBy(() -> new TumblingWindowAggregator<Object, NodeWindow>(STORE, 0, GRACE_MS,
                NodeWindows::empty, NodeWindows::add, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid window size 0 ms");
    }

    @Test
    void replicaWindowsForwardNoSamples() {
        SpecificAvroSerde<ReplicaWindow> serde = SpecificAvroSerde.of(new InMemoryRegistry(), ReplicaWindow.class,
                Map.of(), false);
        KeyValueStore<String, ReplicaWindow> replicaStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("replica-windows"), Serdes.String(), serde).withLoggingDisabled().build();
        replicaStore.init(context.getStateStoreContext(), replicaStore);
        context.addStateStore(replicaStore);
        TumblingWindowAggregator<ReplicaMetrics, ReplicaWindow> aggregator =
                new TumblingWindowAggregator<>("replica-windows", 1_000, 0, ReplicaWindows::empty, ReplicaWindows::add,
                        false);
        aggregator.init(context);
        try {
            for (long t : new long[] {100, 600, 1_100}) {
                aggregator.process(new Record<>("city/camera-1", Events.replica("camera-1", "edge-1", t, 20.0, 10.0, 0.0, Map.of()), t));
            }
            List<MockProcessorContext.CapturedForward<? extends String, ?>> forwards = context.forwarded();
            assertThat(forwards).hasSize(1);
            assertThat(forwards.get(0).record().key()).isEqualTo("city/camera-1");
            ClosedWindow<?> closed = (ClosedWindow<?>) forwards.get(0).record().value();
            assertThat(closed.start()).isZero();
            assertThat(closed.end()).isEqualTo(1_000L);
            assertThat(((ReplicaWindow) closed.aggregate()).getSamples()).isEqualTo(2);
            assertThat(((ReplicaWindow) closed.aggregate()).getRequests()).isCloseTo(20.0, offset(1e-9));
        } finally {
            replicaStore.close();
        }
    }
}
