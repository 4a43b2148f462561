package dev.edgeplane.lb.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Settings of one evaluation run.
 *
 * @param seed seed of every random draw; the same settings give the same figures
 * @param traces folder with the ping traces ({@code 5g-edge-cloud-ping}), or null for constant
 *     round-trip times
 * @param rateFactor multiplies every scenario's request rate; 1 for the reported figures
 * @param scenarios names of the scenarios to run; empty runs all
 * @param plannerSettings settings of Edgeplane's planner, as {@code lb.*} keys; empty for defaults
 * @param windowMs length of the replicas' observation windows, which is also Edgeplane's
 *     planning interval
 * @param applyDelayMs time from planning until a node's rules take effect
 * @param peakEwmaDecayMs decay time constant of the peak-EWMA baseline
 */
public record EvaluationSettings(
        long seed,
        Path traces,
        double rateFactor,
        Set<String> scenarios,
        Map<String, ?> plannerSettings,
        long windowMs,
        long applyDelayMs,
        double peakEwmaDecayMs) {

    public EvaluationSettings {
        scenarios = Set.copyOf(scenarios);
        plannerSettings = Map.copyOf(plannerSettings);
        if (!(rateFactor > 0)) {
            throw new IllegalArgumentException("Invalid rate factor " + rateFactor + ": it must be above 0");
        }
        if (windowMs < 10 || applyDelayMs < 0) {
            throw new IllegalArgumentException("Invalid window " + windowMs + " ms or apply delay " + applyDelayMs
                    + " ms: the window must be at least 10 ms and the delay at least 0");
        }
    }

    /** Length of the replica windows in the reported run, in milliseconds. */
    public static final long DEFAULT_WINDOW_MS = 250;

    /**
     * Delay from a window's end until the plan that uses it is in effect, in the reported run, in
     * milliseconds: the median time from the end of a 250 ms replica window (100 ms grace, a
     * report every 100 ms) to the weights record that acts on it, measured on the in-process
     * broker with planning every 100 ms by {@code edgeplane bench lb-loop}. NOTE: it leaves out
     * the node applier, which applies at most once per {@code lb.apply.interval.ms}, and its
     * {@code iptables-restore} run.
     */
    public static final long DEFAULT_APPLY_DELAY_MS = 360;

    /**
     * Returns the settings of the reported run: seed 42, every scenario, the planner's defaults,
     * {@value #DEFAULT_WINDOW_MS} ms windows, plans in effect {@value #DEFAULT_APPLY_DELAY_MS} ms
     * after the window they use ends, and Finagle's default peak-EWMA decay of 10 s.
     */
    public static EvaluationSettings defaults(Path traces) {
        return new EvaluationSettings(42, traces, 1.0, Set.of(), Map.of(), DEFAULT_WINDOW_MS, DEFAULT_APPLY_DELAY_MS,
                10_000);
    }

    public EvaluationSettings withSeed(long newSeed) {
        return new EvaluationSettings(newSeed, traces, rateFactor, scenarios, plannerSettings, windowMs,
                applyDelayMs, peakEwmaDecayMs);
    }

    public EvaluationSettings withRateFactor(double factor) {
        return new EvaluationSettings(seed, traces, factor, scenarios, plannerSettings, windowMs, applyDelayMs,
                peakEwmaDecayMs);
    }

    public EvaluationSettings withScenarios(Set<String> names) {
        return new EvaluationSettings(seed, traces, rateFactor, names, plannerSettings, windowMs, applyDelayMs,
                peakEwmaDecayMs);
    }

    public EvaluationSettings withPlannerSettings(Map<String, ?> settings) {
        return new EvaluationSettings(seed, traces, rateFactor, scenarios, settings, windowMs, applyDelayMs,
                peakEwmaDecayMs);
    }

    public EvaluationSettings withTiming(long newWindowMs, long newApplyDelayMs) {
        return new EvaluationSettings(seed, traces, rateFactor, scenarios, plannerSettings, newWindowMs,
                newApplyDelayMs, peakEwmaDecayMs);
    }
}
