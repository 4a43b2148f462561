package dev.edgeplane.cli.testbed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@link ControlPlaneEvents} lines read back from the control plane's output. Each call rereads
 * the output and parses the lines it has not seen. Used by one thread.
 */
final class ObservedEvents {

    /** A node-health change: when it was read, the node and its new state. */
    record Health(long timeMs, String node, String state) {
    }

    /** A reschedule decision: when it was read, the pod and the node it should leave. */
    record Decision(long timeMs, String pod, String fromNode, String strategy) {
    }

    /** A weight set: when it was read, the client node and each pod's weight. */
    record Weights(long timeMs, String service, String clientNode, long generation, Map<String, Double> byPod) {
    }

    private final Supplier<String> output;
    private final List<Health> health = new ArrayList<>();
    private final List<Decision> decisions = new ArrayList<>();
    private final List<Weights> weights = new ArrayList<>();
    private int linesRead;

    ObservedEvents(Supplier<String> output) {
        this.output = output;
    }

    List<Health> health() {
        refresh();
        return List.copyOf(health);
    }

    List<Decision> decisions() {
        refresh();
        return List.copyOf(decisions);
    }

    List<Weights> weights() {
        refresh();
        return List.copyOf(weights);
    }

    /** Returns the latest state of every node that has one. */
    Map<String, String> latestHealth() {
        Map<String, String> latest = new LinkedHashMap<>();
        health().forEach(h -> latest.put(h.node(), h.state()));
        return latest;
    }

    /** Returns the first health change after {@code sinceMs} that matches. */
    Optional<Health> firstHealth(long sinceMs, Predicate<Health> match) {
        return health().stream().filter(h -> h.timeMs() >= sinceMs).filter(match).findFirst();
    }

    /** Returns the first decision after {@code sinceMs} to move a pod off {@code node}. */
    Optional<Decision> firstDecision(long sinceMs, String node) {
        return decisions().stream().filter(d -> d.timeMs() >= sinceMs && d.fromNode().equals(node)).findFirst();
    }

    /** Returns the latest weight set for {@code clientNode}. */
    Optional<Weights> latestWeights(String clientNode) {
        List<Weights> all = weights().stream().filter(w -> w.clientNode().equals(clientNode)).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private void refresh() {
        String text = output.get();
        List<String> lines = text.lines().toList();
        // A line still being written has no end of line yet; it is read on the next refresh.
        int complete = text.endsWith("\n") ? lines.size() : lines.size() - 1;
        for (int i = linesRead; i < complete; i++) {
            parse(lines.get(i));
        }
        linesRead = Math.max(linesRead, complete);
    }

    private void parse(String line) {
        String[] words = line.strip().split(" ");
        if (words.length < 4 || !words[0].equals(ControlPlaneEvents.PREFIX)) {
            return;
        }
        long time = Long.parseLong(words[2]);
        switch (words[1]) {
            case "node-health" -> health.add(new Health(time, words[3], words[4]));
            case "decision" -> decisions.add(new Decision(time, words[3], words[4], words[5]));
            case "weights" -> {
                Map<String, Double> byPod = new LinkedHashMap<>();
                if (words.length > 6) {
                    for (String entry : words[6].split(",")) {
                        int equals = entry.indexOf('=');
                        byPod.put(entry.substring(0, equals), Double.parseDouble(entry.substring(equals + 1)));
                    }
                }
                weights.add(new Weights(time, words[3], words[4], Long.parseLong(words[5]), byPod));
            }
            default -> {
                // A kind a newer control plane prints; nothing here waits for it.
            }
        }
    }
}
