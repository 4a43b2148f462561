package dev.edgeplane.anomaly.internal;

import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.ProgressMarker;
import dev.edgeplane.anomaly.internal.state.VerdictOrMarker;
import dev.edgeplane.event.cluster.PodPlacement;

/**
 * One input of placement advice: a node verdict, a progress marker of a node-health task, or a
 * placement change whose placement is null when the pod left the location.
 */
public record AdviceInput(NodeVerdict verdict, ProgressMarker marker, PodPlacement placement, boolean isPlacement) {

    public static AdviceInput of(NodeVerdict verdict) {
        return new AdviceInput(verdict, null, null, false);
    }

    /** Unwraps a record of the node verdicts repartition topic. */
    public static AdviceInput of(VerdictOrMarker value) {
        return new AdviceInput(value.getVerdict(), value.getMarker(), null, false);
    }

    public static AdviceInput ofPlacement(PodPlacement placement) {
        return new AdviceInput(null, null, placement, true);
    }
}
