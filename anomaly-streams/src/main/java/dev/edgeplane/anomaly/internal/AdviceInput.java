package dev.edgeplane.anomaly.internal;

import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.event.cluster.PodPlacement;

/**
 * One input of placement advice: a node verdict, or a placement change whose placement is null when
 * the pod left the location.
 */
public record AdviceInput(NodeVerdict verdict, PodPlacement placement, boolean isPlacement) {

    public static AdviceInput of(NodeVerdict verdict) {
        return new AdviceInput(verdict, null, false);
    }

    public static AdviceInput ofPlacement(PodPlacement placement) {
        return new AdviceInput(null, placement, true);
    }
}
