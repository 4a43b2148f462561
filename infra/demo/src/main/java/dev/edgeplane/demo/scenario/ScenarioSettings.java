package dev.edgeplane.demo.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one demo run. Immutable.
 *
 * @param namespace namespace of the FogServices
 * @param service FogService the load goes to and whose replica the fault hits
 * @param steady time the run measures the steady state before the fault
 * @param faultLimit longest the fault lasts while the run waits for the loop to close
 * @param faultHold time the fault stays on after the weights shifted, so the run measures the shifted load
 * @param recoveryLimit longest the run waits after the fault for the node to recover and the weights to ramp back
 * @param setupTimeout longest wait for the replicas to run and the steady state to settle
 * @param faultLatency extra access latency of the faulty node, when the fault is not replayed from a trace
 * @param requestsPerSecond rate of the load, for each of the weighted and the round-robin client
 * @param report file the HTML report is written to
 * @param seed seed of the modelled CPU levels and of the load's choices
 */
public record ScenarioSettings(String namespace, String service, Duration steady, Duration faultLimit,
        Duration faultHold, Duration recoveryLimit, Duration setupTimeout, Duration faultLatency,
        double requestsPerSecond, Path report, long seed) {

    /** The service the demo drives by default: the example FogService with two replicas at one intersection. */
    public static final String DEFAULT_SERVICE = "collision-warning";

    public ScenarioSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(report, "report");
        positive("steady", steady);
        positive("faultLimit", faultLimit);
        nonNegative("faultHold", faultHold);
        positive("recoveryLimit", recoveryLimit);
        positive("setupTimeout", setupTimeout);
        positive("faultLatency", faultLatency);
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 1_000)) {
            throw new IllegalArgumentException("Invalid request rate " + requestsPerSecond + ": give more than 0 and at most 1000 per second");
        }
    }

    /** Returns the settings of a full run: 30 s steady, up to 90 s of fault, up to 60 s of recovery. */
    public static ScenarioSettings full(Path report, long seed) {
        return new ScenarioSettings("city", DEFAULT_SERVICE, Duration.ofSeconds(30), Duration.ofSeconds(90),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMillis(200), 40,
                report, seed);
    }

    public ScenarioSettings withPhases(Duration newSteady, Duration newFaultLimit, Duration newFaultHold,
            Duration newRecoveryLimit) {
        return new ScenarioSettings(namespace, service, newSteady, newFaultLimit, newFaultHold, newRecoveryLimit,
                setupTimeout, faultLatency, requestsPerSecond, report, seed);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid " + name + " " + value + ": give a positive duration");
        }
    }

    private static void nonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("Invalid " + name + " " + value + ": give zero or a positive duration");
        }
    }
}
