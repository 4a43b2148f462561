package dev.edgeplane.cli.testbed;

import java.util.Optional;
import java.util.function.Consumer;

import dev.edgeplane.testbed.LinkSettings;
import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedNamespace;

/**
 * The node faults of the loop besides the link delay: loss on a node's link, which the relay applies
 * to the UDP datagrams of the agents' probes, and a node's link taken down at the core's end. The
 * control plane learns of either only through the agents' probes and the telemetry that stops
 * arriving. Each fault waits for its node to be HEALTHY, is removed when its steps were observed or
 * timed out, and blocks meanwhile.
 */
final class NetnsNodeFaults {

    private NetnsNodeFaults() {
    }

    /**
     * Times from one node fault to what the control plane made of it, as read from its topics.
     *
     * @param fault what was done to the link
     * @param node the node whose link it was
     * @param toDetectionMs time to the node leaving HEALTHY on the node-health topic
     * @param detectedState the state it left HEALTHY for
     * @param toUnreachableMs time to UNREACHABLE, or -1 when the fault does not wait for it
     * @param toDecisionMs time to a reschedule decision for a pod on the node, or -1 when the fault does
     *     not wait for one
     * @param decidedPod the pod of that decision, or null
     * @param toWeightLossMs time to a weight set of the client node without the node's replica, or -1
     *     when the fault does not wait for it
     */
    record Report(String fault, String node, long toDetectionMs, String detectedState, long toUnreachableMs,
            long toDecisionMs, String decidedPod, long toWeightLossMs) {
    }

    /**
     * Adds {@code lossRatio} to the link of the node namespace {@code nodeIndex} and blocks until the
     * node leaves HEALTHY and a reschedule decision names it, then restores the link's settings. A
     * probe crosses the link twice, so it is lost with probability 1 - (1 - ratio)².
     *
     * @throws StepNotObservedException if a step is not observed within the step timeout
     */
    static Report linkLoss(NetnsControlLoop loop, int nodeIndex, double lossRatio, Consumer<String> progress) {
        Testbed testbed = loop.testbed();
        TestbedNamespace faulty = testbed.nodes().get(nodeIndex);
        String node = faulty.cityNode().orElseThrow();
        awaitHealthy(loop, node);
        LinkSettings before = testbed.link(faulty);
        long faultMs = System.currentTimeMillis();
        testbed.setLink(faulty, before.withLossRatio(lossRatio));
        progress.accept("Fault: " + node + "'s link drops " + Math.round(lossRatio * 100) + " % of UDP datagrams");
        try {
            ObservedEvents.Health detected = awaitDetection(loop, node, faultMs, progress);
            ObservedEvents.Decision decision = loop.await("a reschedule decision for a pod on " + node,
                    () -> loop.events().firstDecision(faultMs, node));
            progress.accept("Decided: " + decision.strategy() + " for " + decision.pod() + " after "
                    + (decision.timeMs() - faultMs) + " ms");
            return new Report("loss " + lossRatio, node, detected.timeMs() - faultMs, detected.state(), -1,
                    decision.timeMs() - faultMs, decision.pod(), -1);
        } finally {
            testbed.setLink(faulty, before);
            progress.accept("Fault removed: " + node + "'s link drops no datagrams");
        }
    }

    /**
     * Takes the link of the node namespace {@code nodeIndex}, the node of replica {@code nodeIndex},
     * down and blocks until the node leaves HEALTHY and turns UNREACHABLE and the client node's
     * weights leave that replica out, then brings the link up. The node's agent can then neither
     * send telemetry nor reply to probes. UNREACHABLE needs both the silence ({@code
     * unreachable.silence.ms}) and failed probes from two vantage points. Anomaly detection makes
     * reschedule decisions for pods on DEGRADED nodes only, so none is awaited. The replica's scores
     * stop with its agent's telemetry, and the lb-updater drops it once they expire ({@code
     * lb.replica.expiry.ms}).
     *
     * @throws StepNotObservedException if a step is not observed within the step timeout
     */
    static Report linkDown(NetnsControlLoop loop, int nodeIndex, Consumer<String> progress) {
        Testbed testbed = loop.testbed();
        TestbedNamespace faulty = testbed.nodes().get(nodeIndex);
        String node = faulty.cityNode().orElseThrow();
        awaitHealthy(loop, node);
        long faultMs = System.currentTimeMillis();
        testbed.setLinkUp(faulty, false);
        progress.accept("Fault: " + node + "'s link is down");
        try {
            ObservedEvents.Health detected = awaitDetection(loop, node, faultMs, progress);
            ObservedEvents.Health unreachable = loop.await(node + " UNREACHABLE", () -> loop.events().firstHealth(
                    faultMs, h -> h.node().equals(node) && h.state().equals("UNREACHABLE")));
            progress.accept("Detected: " + node + " is UNREACHABLE after " + (unreachable.timeMs() - faultMs) + " ms");
            String pod = NetnsControlLoop.pod(nodeIndex);
            ObservedEvents.Weights without = loop.await("weights of " + loop.clientNode() + " without " + pod,
                    () -> loop.events().weights().stream().filter(w -> w.timeMs() >= faultMs
                            && w.clientNode().equals(loop.clientNode()) && w.byPod().getOrDefault(pod, 0.0) == 0.0)
                            .findFirst());
            progress.accept("Shifted: weights " + without.byPod() + " after " + (without.timeMs() - faultMs) + " ms");
            return new Report("link down", node, detected.timeMs() - faultMs, detected.state(),
                    unreachable.timeMs() - faultMs, -1, null, without.timeMs() - faultMs);
        } finally {
            testbed.setLinkUp(faulty, true);
            progress.accept("Fault removed: " + node + "'s link is up");
        }
    }

    private static void awaitHealthy(NetnsControlLoop loop, String node) {
        loop.await(node + " HEALTHY before the fault", () -> Optional.ofNullable(loop.events().latestHealth().get(node))
                .filter("HEALTHY"::equals));
    }

    private static ObservedEvents.Health awaitDetection(NetnsControlLoop loop, String node, long faultMs,
            Consumer<String> progress) {
        ObservedEvents.Health detected = loop.await(node + " leaving HEALTHY", () -> loop.events().firstHealth(faultMs,
                h -> h.node().equals(node) && !h.state().equals("HEALTHY")));
        progress.accept("Detected: " + node + " is " + detected.state() + " after " + (detected.timeMs() - faultMs)
                + " ms");
        return detected;
    }
}
