package dev.edgeplane.cli.testbed;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.edgeplane.testbed.LoadResult;
import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedConfig;

/**
 * {@code edgeplane demo --testbed netns}: builds a testbed, starts {@link NetnsControlLoop}, runs the
 * faults of {@link NetnsScenario}, prints each step and a summary, and removes the testbed, also on
 * Ctrl-C through the testbed's shutdown hook. Blocks for the whole run.
 */
public final class NetnsDemo {

    /** Exit status when every step was observed. */
    public static final int LOOP_CLOSED = 0;
    /** Exit status when a step was not observed in time; the last line names it. */
    public static final int STEP_MISSING = 4;

    private NetnsDemo() {
    }

    /**
     * Settings of a run.
     *
     * @param testbed the testbed's settings, without the relay ports, which the run adds
     * @param loop replicas, fault delay and loss, and step timeout
     * @param scenario the slowed replica's service time, the request counts and the concurrency
     */
    public record Settings(Map<String, Object> testbed, NetnsControlLoop.Settings loop, NetnsScenario.Settings scenario) {
    }

    /** Returns the testbed configuration the run uses, for checking the settings before anything starts. */
    public static TestbedConfig config(Map<String, Object> testbed) {
        Map<String, Object> all = new HashMap<>(testbed);
        all.putAll(NetnsControlLoop.testbedSettings());
        return TestbedConfig.from(all);
    }

    /**
     * Runs the loop and prints to {@code out}; returns {@link #LOOP_CLOSED} or {@link #STEP_MISSING}.
     *
     * @throws dev.edgeplane.testbed.TestbedException if the testbed or a process fails
     */
    public static int run(Settings settings, PrintWriter out) {
        TestbedConfig config = config(settings.testbed());
        try (Testbed testbed = Testbed.create(config)) {
            print(out, "Testbed " + testbed.runId() + ": " + testbed.namespaces().size() + " namespaces in "
                    + testbed.addressRange() + ", link emulator " + testbed.emulator()
                    + (testbed.emulatorReason().isEmpty() ? "" : " (" + testbed.emulatorReason() + ")"));
            NetnsControlLoop loop = NetnsControlLoop.start(testbed, settings.loop(), line -> print(out, line));
            try {
                NetnsScenario.Report report = NetnsScenario.run(loop, settings.scenario(), line -> print(out, line));
                summary(out, settings, report);
                return LOOP_CLOSED;
            } catch (StepNotObservedException e) {
                print(out, e.getMessage());
                print(out, "The loop did not close: " + e.getMessage().lines().findFirst().orElse(""));
                return STEP_MISSING;
            } finally {
                loop.stopCounters();
            }
        }
    }

    private static void summary(PrintWriter out, Settings settings, NetnsScenario.Report report) {
        NetnsControlLoop.FaultReport fault = report.delay();
        NetnsWeightShift.ShiftReport shift = report.shift();
        out.println();
        out.printf(Locale.ROOT, "telemetry     node health for %d nodes %d ms after the control plane started%n",
                fault.initialHealth().size(), fault.telemetryMs());
        out.printf(Locale.ROOT, "link delay    %s +%.1f ms one way: %s after %d ms, decision for %s after %d ms%n",
                fault.faultyNode(), settings.loop().faultDelayMicros() / 1_000.0, fault.detectedState(),
                fault.faultToDetectionMs(), fault.decidedPod(), fault.faultToDecisionMs());
        NetnsNodeFaults.Report loss = report.loss();
        out.printf(Locale.ROOT, "link loss     %s %.0f %% of UDP datagrams: %s after %d ms, decision for %s after %d ms%n",
                loss.node(), settings.loop().faultLossRatio() * 100, loss.detectedState(), loss.toDetectionMs(),
                loss.decidedPod(), loss.toDecisionMs());
        NetnsNodeFaults.Report down = report.down();
        out.printf(Locale.ROOT, "link down     %s: %s after %d ms, UNREACHABLE after %d ms, its replica out of the "
                + "weights after %d ms%n", down.node(), down.detectedState(), down.toDetectionMs(), down.toUnreachableMs(),
                down.toWeightLossMs());
        out.printf(Locale.ROOT, "slow replica  %s at %.1f ms per request: weights shifted after %d ms, kernel rules "
                + "after %d ms%n", shift.slowPod(), settings.scenario().slowServiceMicros() / 1_000.0,
                shift.faultToShiftMs(), shift.faultToKernelMs());
        NetnsReplicaStop.Report stop = report.stop();
        out.printf(Locale.ROOT, "stopped       %s: weight 0 after %d ms, kernel rules after %d ms; then %d completed, "
                + "%d failed%n", stop.pod(), stop.toZeroWeightMs(), stop.toKernelMs(), stop.load().completed(),
                stop.load().errors());
        LoadResult load = shift.load();
        LoadResult uniform = shift.uniform();
        out.printf(Locale.ROOT, "weights       %d completed, %d failed; response time p50 %.2f ms, p99 %.2f ms%n",
                load.completed(), load.errors(), load.p50Micros() / 1_000.0, load.p99Micros() / 1_000.0);
        out.printf(Locale.ROOT, "equal shares  %d completed, %d failed; response time p50 %.2f ms, p99 %.2f ms "
                + "(kube-proxy, baseline); p99 ratio of weights to baseline %.2f%n", uniform.completed(),
                uniform.errors(), uniform.p50Micros() / 1_000.0, uniform.p99Micros() / 1_000.0,
                load.p99Micros() / (double) uniform.p99Micros());
        out.printf("%-8s %12s %12s %12s%n", "replica", "share before", "share due", "share got");
        shift.dueShares().forEach((pod, due) -> out.printf(Locale.ROOT, "%-8s %12.4f %12.4f %12.4f%n", pod,
                shift.sharesBefore().getOrDefault(pod, 0.0), due, load.share(pod)));
        out.printf(Locale.ROOT, "largest gap between a replica's share of the requests and its due share: %.2f "
                + "percentage points%n", shift.maxShareGap() * 100);
        out.println("The loop closed: detected, decided, weights shifted and kernel rules changed.");
        out.flush();
    }

    private static void print(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
