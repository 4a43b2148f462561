package dev.edgeplane.demo.replica;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The controllable behaviour of every replica server: a base latency and jitter shared by all,
 * and per node a link latency and the faults a scenario injects (slowness, errors, stopped
 * servers). Replica servers read {@link #profileOf} on every request, so a change applies to the
 * next request. Thread-safe.
 */
public final class ReplicaBehaviour {

    /** State of one node; replaced as a whole on every change. */
    private record NodeState(Duration linkLatency, Duration injectedLatency, double errorRatio, boolean stopped) {
        static final NodeState NORMAL = new NodeState(Duration.ZERO, Duration.ZERO, 0.0, false);
    }

    private final Duration baseLatency;
    private final Duration jitter;
    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Boolean>> stopListeners = new CopyOnWriteArrayList<>();

    /**
     * Creates the behaviour with every node normal: no link latency, no fault.
     *
     * @param baseLatency time a healthy replica takes to serve a request
     * @param jitter upper bound of the uniform random delay added to each response
     */
    public ReplicaBehaviour(Duration baseLatency, Duration jitter) {
        this.baseLatency = ReplicaProfile.requireNonNegative("baseLatency", baseLatency);
        this.jitter = ReplicaProfile.requireNonNegative("jitter", jitter);
    }

    /** Returns the profile replicas on {@code node} follow now. */
    public ReplicaProfile profileOf(String node) {
        NodeState state = nodes.getOrDefault(node, NodeState.NORMAL);
        return new ReplicaProfile(baseLatency, jitter, state.linkLatency(), state.injectedLatency(), state.errorRatio(),
                state.stopped());
    }

    /** Sets the round-trip time of the network path to {@code node}. */
    public void setLinkLatency(String node, Duration latency) {
        ReplicaProfile.requireNonNegative("linkLatency", latency);
        update(node, s -> new NodeState(latency, s.injectedLatency(), s.errorRatio(), s.stopped()));
    }

    /** Makes every replica on {@code node} slower by {@code latency}; zero removes the slowness. */
    public void injectLatency(String node, Duration latency) {
        ReplicaProfile.requireNonNegative("injectedLatency", latency);
        update(node, s -> new NodeState(s.linkLatency(), latency, s.errorRatio(), s.stopped()));
    }

    /** Makes replicas on {@code node} fail this share of requests with HTTP 500. */
    public void setErrorRatio(String node, double errorRatio) {
        ReplicaProfile.requireRatio(errorRatio);
        update(node, s -> new NodeState(s.linkLatency(), s.injectedLatency(), errorRatio, s.stopped()));
    }

    /**
     * Stops or restarts the servers of every replica on {@code node}. Listeners run on the calling
     * thread before this returns.
     */
    public void setStopped(String node, boolean stopped) {
        NodeState before = nodes.getOrDefault(node, NodeState.NORMAL);
        update(node, s -> new NodeState(s.linkLatency(), s.injectedLatency(), s.errorRatio(), stopped));
        if (before.stopped() != stopped) {
            stopListeners.forEach(listener -> listener.accept(node, stopped));
        }
    }

    /** Removes every fault of {@code node}: no injected latency, no errors, servers running. Keeps its link latency. */
    public void clearFaults(String node) {
        injectLatency(node, Duration.ZERO);
        setErrorRatio(node, 0.0);
        setStopped(node, false);
    }

    /** Registers a listener called with the node and its new stopped state whenever that state changes. */
    public void addStopListener(BiConsumer<String, Boolean> listener) {
        stopListeners.add(listener);
    }

    private void update(String node, java.util.function.UnaryOperator<NodeState> change) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("Invalid node '" + node + "': give the name of a node");
        }
        nodes.compute(node, (name, state) -> change.apply(state == null ? NodeState.NORMAL : state));
    }
}
