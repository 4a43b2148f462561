package dev.edgeplane.lb.observe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointInput;
import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.ReplicaObservation;
import dev.edgeplane.lb.decide.ServiceInput;
import dev.edgeplane.lb.decide.ServiceKey;

/**
 * The latest replica score of every pod and the latest probe of every node-to-node link, as
 * consumed. Not thread-safe: the updater's polling thread owns it.
 */
public final class ObservedState {

    private final Map<String, Scored> scores = new HashMap<>();
    private final Map<String, LinkLatency> links = new HashMap<>();

    /** A validated score with the observation it maps to. */
    public record Scored(ReplicaScore score, ReplicaObservation observation) {
    }

    /**
     * Keeps a score unless a newer window of the same pod is already kept.
     *
     * @throws IllegalArgumentException if the score does not map to a valid observation
     */
    public void accept(ReplicaScore score) {
        ReplicaObservation observation = ReplicaScores.toObservation(score);
        scores.merge(score.getNamespace() + "/" + score.getPod(), new Scored(score, observation),
                (kept, offered) -> offered.observation().observedAtMs() >= kept.observation().observedAtMs() ? offered : kept);
    }

    /**
     * Keeps a probe unless a newer one of the same link is kept. Probes from the control node
     * measure no client's path and are ignored. So are bursts that got no reply, because the last
     * burst with replies is the better estimate.
     *
     * @return whether the probe was kept
     * @throws IllegalArgumentException if the round-trip time or jitter is negative or not finite
     */
    public boolean accept(LinkLatency probe) {
        if (probe.getProbeKind() == ProbeKind.CONTROL_TO_NODE || probe.getRttMicros() == null) {
            return false;
        }
        requireFinite("rttMicros", probe.getRttMicros());
        if (probe.getJitterMicros() != null) {
            requireFinite("jitterMicros", probe.getJitterMicros());
        }
        links.merge(probe.getSourceNode() + "\n" + probe.getTargetNode(), probe,
                (kept, offered) -> offered.getEventTime().isBefore(kept.getEventTime()) ? kept : offered);
        return true;
    }

    /** Forgets scores whose window ended before {@code cutoffMs}, so pods that are gone drop out. */
    public void expireScores(long cutoffMs) {
        scores.values().removeIf(scored -> scored.observation().observedAtMs() < cutoffMs);
    }

    /** Returns the kept score of a pod, or null. */
    public Scored score(String namespace, String pod) {
        return scores.get(namespace + "/" + pod);
    }

    /**
     * Returns one input per service (namespace and FogService of the scores), ordered by key, with
     * the endpoints that {@code directory} resolves.
     *
     * @param unresolved receives the {@code namespace/pod} of every scored pod the directory does
     *     not know
     */
    public List<ServiceInput> serviceInputs(EndpointDirectory directory, List<String> unresolved) {
        Map<ServiceKey, List<EndpointInput>> byService = new TreeMap<>(
                (a, b) -> a.toString().compareTo(b.toString()));
        for (Scored scored : scores.values()) {
            ReplicaScore score = scored.score();
            var address = directory.lookup(score.getNamespace(), score.getPod());
            if (address.isEmpty()) {
                unresolved.add(score.getNamespace() + "/" + score.getPod());
                continue;
            }
            Endpoint endpoint = new Endpoint(score.getPod(), score.getNode(), address.get().ip(), address.get().port(),
                    address.get().ready());
            byService.computeIfAbsent(new ServiceKey(score.getNamespace(), score.getFogService()), key -> new ArrayList<>())
                    .add(new EndpointInput(endpoint, scored.observation()));
        }
        List<ServiceInput> inputs = new ArrayList<>();
        byService.forEach((service, endpoints) -> {
            endpoints.sort((a, b) -> a.endpoint().pod().compareTo(b.endpoint().pod()));
            inputs.add(new ServiceInput(service, endpoints));
        });
        return inputs;
    }

    /**
     * Builds the link table. Client nodes are every node that runs a scored pod or sent a probe,
     * plus {@code extraClientNodes}.
     */
    public LinkLatencyTable linkTable(Set<String> extraClientNodes) {
        Set<String> clients = new LinkedHashSet<>(extraClientNodes);
        for (Scored scored : scores.values()) {
            clients.add(scored.score().getNode());
        }
        LinkLatencyTable.Builder table = LinkLatencyTable.builder();
        for (LinkLatency probe : links.values()) {
            clients.add(probe.getSourceNode());
            double jitterMs = probe.getJitterMicros() == null ? 0.0 : probe.getJitterMicros() / 1000.0;
            table.rtt(probe.getSourceNode(), probe.getTargetNode(), probe.getRttMicros() / 1000.0, jitterMs,
                    probe.getEventTime().toEpochMilli());
        }
        return table.clientNodes(clients).build();
    }

    private static void requireFinite(String field, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Invalid " + field + " " + value + ": it must be a finite number of at least 0");
        }
    }
}
