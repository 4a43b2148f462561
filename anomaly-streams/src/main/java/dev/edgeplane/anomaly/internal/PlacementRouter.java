package dev.edgeplane.anomaly.internal;

import java.util.Objects;

import dev.edgeplane.anomaly.StoreNames;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Re-keys placements from pod uid to {@code location/podUid}. A tombstone or a move to another
 * location also sends a removal (a null value) to the old location, which only the stored previous
 * placement knows. One instance per task, on its stream thread.
 *
 * <p>It also keeps the FogService replica index of placement advice: for every placement of a
 * FogService pod that is bound to a node and live (running or pending) it sends the placement, and
 * when the pod stops being so a removal, under {@link LocationKeys#replicaKey}, which goes to every
 * placement advice task. BetterNode reads the index to find the nodes of a pod's dependencies, which
 * may run at other locations. Each placement is sent again, not only a change of node, so that an
 * index that missed a pod, such as one started after an upgrade, fills in on the pod's next record.
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
        maybeIndexReplica(record, previous, current);
        if (current == null) {
            placements.delete(podUid);
            return;
        }
        placements.put(podUid, current);
        context.forward(record.withKey(LocationKeys.key(current.getLocation(), podUid)));
    }

    /** Sends the pod to the replica index while it is a live FogService pod on a node, and a removal when it stops. */
    private void maybeIndexReplica(Record<String, PodPlacement> record, PodPlacement previous, PodPlacement current) {
        String before = isReplica(previous) ? replicaKey(previous) : null;
        String after = isReplica(current) ? replicaKey(current) : null;
        if (before != null && !before.equals(after)) {
            context.forward(record.withKey(before).withValue(null));
        }
        if (after != null) {
            context.forward(record.withKey(after).withValue(current));
        }
    }

    private static boolean isReplica(PodPlacement placement) {
        return placement != null && placement.getFogService() != null && placement.getNode() != null
                && (placement.getPhase() == PodPhase.RUNNING || placement.getPhase() == PodPhase.PENDING);
    }

    private static String replicaKey(PodPlacement placement) {
        return LocationKeys.replicaKey(placement.getNamespace(), placement.getFogService(), placement.getPodUid());
    }
}
