package dev.edgeplane.anomaly.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.InMemoryRegistry;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeView;
import dev.edgeplane.schemas.serde.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verdicts placement advice keeps: one store entry per node and window, and the views rebuilt after a restart. */
class LocationVerdictsTest {

    private KeyValueStore<String, NodeVerdict> store;

    @BeforeEach
    void openStore() {
        SpecificAvroSerde<NodeVerdict> serde = SpecificAvroSerde.of(new InMemoryRegistry(), NodeVerdict.class,
                Map.of(), false);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("location-verdicts"), Serdes.String(), serde)
                .withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static NodeVerdict verdict(String node, long windowEnd, boolean unschedulable) {
        return NodeVerdict.newBuilder()
                .setNode(node)
                .setLocation("district-1")
                .setInventoryKnown(true)
                .setUnschedulable(unschedulable)
                .setState("HEALTHY")
                .setSince(0)
                .setWindowStart(windowEnd - 2_000)
                .setWindowEnd(windowEnd)
                .setMetricsSamples(4)
                .setVantagePoints(1)
                .build();
    }

    private static List<Long> ends(NodeView view) {
        return view.getHistory().stream().map(NodeVerdict::getWindowEnd).toList();
    }

    private Map<String, NodeVerdict> stored() {
        Map<String, NodeVerdict> entries = new HashMap<>();
        try (KeyValueIterator<String, NodeVerdict> all = store.all()) {
            all.forEachRemaining(entry -> entries.put(entry.key, entry.value));
        }
        return entries;
    }

    @Test
    void resolvedVerdictsAreDroppedButNewest() {
        LocationVerdicts verdicts = new LocationVerdicts(store);
        for (long end : new long[] {1_000, 2_000, 3_000}) {
            verdicts.remember("district-1", verdict("edge-1", end, false), null);
        }
        assertThat(ends(verdicts.views("district-1").get("edge-1"))).containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(stored()).containsOnlyKeys("district-1/edge-1/1000", "district-1/edge-1/2000",
                "district-1/edge-1/3000");

        verdicts.remember("district-1", verdict("edge-1", 4_000, false), 2_000L);
        assertThat(ends(verdicts.views("district-1").get("edge-1"))).containsExactly(3_000L, 4_000L);
        assertThat(stored()).containsOnlyKeys("district-1/edge-1/3000", "district-1/edge-1/4000");

        verdicts.remember("district-1", verdict("edge-1", 5_000, false), 5_000L);
        assertThat(ends(verdicts.views("district-1").get("edge-1"))).as("the newest verdict stays").containsExactly(5_000L);
        assertThat(stored()).containsOnlyKeys("district-1/edge-1/5000");
    }

    @Test
    void sameWindowReplacesVerdict() {
        LocationVerdicts verdicts = new LocationVerdicts(store);
        verdicts.remember("district-1", verdict("edge-1", 1_000, false), null);
        verdicts.remember("district-1", verdict("edge-1", 1_000, true), null);

        NodeView view = verdicts.views("district-1").get("edge-1");
        assertThat(view.getHistory()).singleElement().satisfies(v -> assertThat(v.getUnschedulable()).isTrue());
        assertThat(view.getUnschedulable()).isTrue();
        assertThat(stored()).containsOnlyKeys("district-1/edge-1/1000");
    }

    @Test
    void loadRestoresViewsInWindowOrder() {
        LocationVerdicts before = new LocationVerdicts(store);
        // The store returns "district-1/edge-1/10000" before ".../9000": key order is not window order.
        before.remember("district-1", verdict("edge-1", 9_000, false), null);
        before.remember("district-1", verdict("edge-1", 10_000, true), null);
        before.remember("district-1", verdict("edge-2", 9_000, false), null);
        before.remember("district-2", verdict("edge-3", 4_000, false), null);

        LocationVerdicts after = new LocationVerdicts(store);
        after.load();

        NodeView edge1 = after.views("district-1").get("edge-1");
        assertThat(ends(edge1)).containsExactly(9_000L, 10_000L);
        assertThat(edge1.getUnschedulable()).as("from the newest verdict").isTrue();
        assertThat(after.views("district-1")).containsOnlyKeys("edge-1", "edge-2");
        assertThat(after.views("district-3")).isEmpty();

        Map<String, Long> newest = new HashMap<>();
        after.forEachNewestEnd(newest::put);
        assertThat(newest).containsExactlyInAnyOrderEntriesOf(Map.of("district-1", 10_000L, "district-2", 4_000L));
    }

    @Test
    void loadReplacesPreviousViews() {
        LocationVerdicts verdicts = new LocationVerdicts(store);
        verdicts.remember("district-1", verdict("edge-1", 1_000, false), null);
        store.delete("district-1/edge-1/1000");

        verdicts.load();
        assertThat(verdicts.views("district-1")).isEmpty();
        List<String> locations = new ArrayList<>();
        verdicts.forEachNewestEnd((location, end) -> locations.add(location));
        assertThat(locations).isEmpty();
    }
}
