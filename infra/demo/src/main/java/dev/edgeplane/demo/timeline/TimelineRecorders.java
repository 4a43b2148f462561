package dev.edgeplane.demo.timeline;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.edgeplane.demo.replica.FleetListener;
import dev.edgeplane.demo.replica.Replica;
import dev.edgeplane.event.lb.ServiceWeights;

/** Adapters that record what the replica fleet and the weights feed see as timeline events. */
public final class TimelineRecorders {

    private TimelineRecorders() {
    }

    /** Returns a fleet listener that records replicas starting, stopping and changing readiness. */
    public static FleetListener fleet(Timeline timeline) {
        return new FleetListener() {
            @Override
            public void replicaStarted(Replica replica) {
                timeline.record(EventKind.POD_RUNNING, replica.podKey(), replica.node(), replica.service(),
                        "pod " + replica.podKey() + " running on " + replica.node() + ", replica server at "
                                + replica.endpoint());
            }

            @Override
            public void replicaReadinessChanged(Replica replica) {
                timeline.record(EventKind.POD_RUNNING, replica.podKey(), replica.node(), replica.service(),
                        "pod " + replica.podKey() + " on " + replica.node() + " is " + (replica.ready() ? "" : "not ")
                                + "Ready");
            }

            @Override
            public void replicaStopped(Replica replica, String reason) {
                timeline.record(EventKind.POD_STOPPED, replica.podKey(), replica.node(), replica.service(),
                        "pod " + replica.podKey() + " on " + replica.node() + " stopped: " + reason);
            }
        };
    }

    /** Returns a weights listener that records each published set with its weights per endpoint's node. */
    public static Consumer<ServiceWeights> weights(Timeline timeline) {
        return weights -> {
            String key = weights.getNamespace() + "/" + weights.getService() + "@" + weights.getClientNode();
            String shares = weights.getEndpoints().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getNode(), e.getWeight()))
                    .collect(Collectors.joining(", "));
            timeline.record(new TimelineEvent(weights.getComputedTime(), EventKind.WEIGHTS, key,
                    weights.getClientNode(), Long.toString(weights.getGeneration()),
                    "weights " + key + " generation " + weights.getGeneration() + ": " + shares));
        };
    }
}
