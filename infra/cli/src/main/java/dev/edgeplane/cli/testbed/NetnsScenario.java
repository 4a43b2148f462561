package dev.edgeplane.cli.testbed;

import java.util.function.Consumer;

/**
 * The faults of {@code edgeplane demo --testbed netns}, in order, on a started loop: a link delay
 * and a link loss on two replicas' nodes, the last replica's node link taken down, a slowed replica
 * with the kernel data plane and the request shares, and last a stopped replica process. Each
 * fault is removed before the next starts, except the slowed replica and the stopped one, which
 * stay. Blocks for the whole run.
 */
public final class NetnsScenario {

    private NetnsScenario() {
    }

    /**
     * Settings of the steps after the loop started.
     *
     * @param slowServiceMicros service time of the slowed replica
     * @param requests requests sent after the weights shifted
     * @param uniformRequests requests sent afterwards under kube-proxy's equal shares
     * @param stoppedRequests requests sent after the stopped replica's weight reached 0
     * @param concurrency requests in flight at once
     */
    public record Settings(long slowServiceMicros, int requests, int uniformRequests, int stoppedRequests,
            int concurrency) {
        public Settings {
            if (slowServiceMicros <= 0) {
                throw new IllegalArgumentException("Invalid slow service time " + slowServiceMicros
                        + " µs: give a positive time");
            }
            if (requests < 1 || uniformRequests < 1 || stoppedRequests < 1 || concurrency < 1) {
                throw new IllegalArgumentException("Invalid request counts " + requests + ", " + uniformRequests + ", "
                        + stoppedRequests + " or concurrency " + concurrency + ": give at least 1 each");
            }
        }
    }

    /** Measurements of every step. */
    public record Report(NetnsControlLoop.FaultReport delay, NetnsNodeFaults.Report loss, NetnsNodeFaults.Report down,
            NetnsWeightShift.ShiftReport shift, NetnsReplicaStop.Report stop) {
    }

    /**
     * Runs every step on {@code loop}. The loss goes on the second-to-last replica's node, the delay and
     * the link down on the last replica's node, the slowdown on the first replica and the stop on the last.
     *
     * @throws StepNotObservedException if a step is not observed within the step timeout
     * @throws dev.edgeplane.testbed.TestbedException if a process or command fails
     */
    public static Report run(NetnsControlLoop loop, Settings settings, Consumer<String> progress) {
        int last = loop.settings().replicas() - 1;
        NetnsControlLoop.FaultReport delay = loop.linkDelayFault();
        NetnsNodeFaults.Report loss = NetnsNodeFaults.linkLoss(loop, last - 1, loop.settings().faultLossRatio(),
                progress);
        NetnsNodeFaults.Report down = NetnsNodeFaults.linkDown(loop, last, progress);
        NetnsWeightShift.ShiftReport shift = NetnsWeightShift.run(loop, settings.slowServiceMicros(), settings.requests(),
                settings.uniformRequests(), settings.concurrency(), progress);
        NetnsReplicaStop.Report stop = NetnsReplicaStop.run(loop, last, settings.stoppedRequests(),
                settings.concurrency(), progress);
        return new Report(delay, loss, down, shift, stop);
    }
}
