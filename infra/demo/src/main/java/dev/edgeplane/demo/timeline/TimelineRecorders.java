package dev.edgeplane.demo.timeline;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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

    /**
     * Returns a weights listener that records the sets of one key whose weight of some endpoint
     * moved by at least {@code minChange} since the last recorded set, or whose endpoints changed,
     * so the timeline shows shifts and not every planning cycle.
     *
     * @param key {@code namespace/service@clientNode}
     * @param minChange smallest change of one endpoint's weight that is recorded, from 0.0 to 1.0
     */
    public static Consumer<ServiceWeights> weights(Timeline timeline, String key, double minChange) {
        Map<String, Double> last = new HashMap<>();
        return weights -> {
            String setKey = weights.getNamespace() + "/" + weights.getService() + "@" + weights.getClientNode();
            if (!setKey.equals(key)) {
                return;
            }
            Map<String, Double> current = new HashMap<>();
            weights.getEndpoints().forEach(e -> current.put(e.getEndpoint(), e.getWeight()));
            synchronized (last) {
                boolean changed = !current.keySet().equals(last.keySet()) || current.entrySet().stream()
                        .anyMatch(e -> Math.abs(e.getValue() - last.get(e.getKey())) >= minChange);
                if (!changed) {
                    return;
                }
                last.clear();
                last.putAll(current);
            }
            String shares = weights.getEndpoints().stream()
                    .map(e -> String.format(Locale.ROOT, "%s on %s %.2f", e.getPod(), e.getNode(), e.getWeight()))
                    .collect(Collectors.joining(", "));
            timeline.record(new TimelineEvent(weights.getComputedTime(), EventKind.WEIGHTS, key,
                    weights.getClientNode(), Long.toString(weights.getGeneration()),
                    "weights " + key + " generation " + weights.getGeneration() + ": " + shares));
        };
    }
}
