package dev.edgeplane.anomaly.internal;

import java.util.Objects;

import dev.edgeplane.anomaly.StoreNames;
import dev.edgeplane.event.cluster.PodPlacement;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Re-keys placements from pod uid to {@code location/podUid}. A tombstone or a move to another
 * location also sends a removal (a null value) to the old location, which only the stored previous
 * placement knows. One instance per task, on its stream thread.
 */
public final class PlacementRouter implements Processor<String, PodPlacement, String, PodPlacement> {

    private ProcessorContext<String, PodPlacement> context;
    private KeyValueStore<String, PodPlacement> placements;

    @Override
    public void init(ProcessorContext<String, PodPlacement> context) {
        this.context = context;
        this.placements = context.getStateStore(StoreNames.PLACEMENTS);
    }

    @Override
    public void process(Record<String, PodPlacement> record) {
        String podUid = record.key();
        if (podUid == null) {
            return;
        }
        PodPlacement previous = placements.get(podUid);
        PodPlacement current = record.value();
        if (previous != null && (current == null || !Objects.equals(previous.getLocation(), current.getLocation()))) {
            context.forward(record.withKey(LocationKeys.key(previous.getLocation(), podUid)).withValue(null));
        }
        if (current == null) {
            placements.delete(podUid);
            return;
        }
        placements.put(podUid, current);
        context.forward(record.withKey(LocationKeys.key(current.getLocation(), podUid)));
    }
}
