package dev.edgeplane.demo.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.demo.report.AuditTrailCheck;
import dev.edgeplane.demo.report.RunSummary;

/**
 * Whether the loop closed as expected. It closed when each step below happened and the audit trail is
 * complete. The steps are listed in the order of the loop; their times need not be, since the executor
 * audits an eviction only once the replacement is ready:
 * <ol>
 *   <li>{@code detected}: the faulty node left HEALTHY while the fault lasted;</li>
 *   <li>{@code decided}: a reschedule decision for a pod on the faulty node was published;</li>
 *   <li>{@code evicted}: the executor evicted a pod of the faulty node (an EVICTION SUCCEEDED record);</li>
 *   <li>{@code moved}: a replica of the service ran on another node after the fault started;</li>
 *   <li>{@code shifted}: the weights the load follows gave the faulty node at most half its share from
 *       before the fault;</li>
 *   <li>{@code recovered}: the node was HEALTHY again after the fault ended;</li>
 *   <li>{@code ramped back}: after that, a weight set for the load gave every endpoint of the recovered
 *       node at least half its share from before the fault, or, when no replica of the service is left on
 *       it, had the replacement at full weight with no endpoint still ramping up.</li>
 * </ol>
 * Immutable.
 *
 * @param faultStart when the fault started
 * @param steps when each step happened, in the order above, null where it did not
 * @param audit the audit trail check
 * @param summary the measured figures
 */
public record LoopVerdict(Instant faultStart, Map<String, Instant> steps, AuditTrailCheck.Result audit,
        RunSummary summary) {

    /** Names of the steps, in order. */
    public static final List<String> STEPS = List.of("detected", "decided", "evicted", "moved", "shifted", "recovered",
            "ramped back");

    public LoopVerdict {
        steps = new LinkedHashMap<>(steps);
        for (String step : STEPS) {
            steps.putIfAbsent(step, null);
        }
    }

    /** Returns whether every step happened and the audit trail is complete. */
    public boolean closed() {
        return missing().isEmpty() && audit.complete();
    }

    /** Returns the steps that did not happen, in order. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String step : STEPS) {
            if (steps.get(step) == null) {
                missing.add(step);
            }
        }
        return missing;
    }

    /** Exit status when a step of the loop did not happen; 2 is left to usage errors. */
    public static final int STEP_MISSING = 4;

    /** Exit status when every step happened but the audit trail has gaps. */
    public static final int AUDIT_GAPS = 3;

    /**
     * Returns the process exit status: 0 when the loop closed, {@value #STEP_MISSING} when a step is
     * missing, {@value #AUDIT_GAPS} when only the audit trail has gaps.
     */
    public int exitStatus() {
        if (!missing().isEmpty()) {
            return STEP_MISSING;
        }
        return audit.complete() ? 0 : AUDIT_GAPS;
    }

    /** Returns one line that states whether the loop closed and, if not, which step did not happen. */
    public String message() {
        if (closed()) {
            return "Loop closed: every step happened and the audit trail is complete.";
        }
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            String first = missing.get(0);
            return "Loop NOT closed: step '" + first + "' did not happen (" + describe(first) + ")"
                    + (missing.size() > 1 ? "; also missing: " + String.join(", ", missing.subList(1, missing.size())) : "")
                    + ".";
        }
        return "Loop NOT closed: the audit trail has " + audit.problems().size() + " gaps, first: " + audit.problems().get(0);
    }

    /** Returns the steps as console lines, with their time from the fault. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("  loop steps (time from the fault):");
        for (String step : STEPS) {
            Instant at = steps.get(step);
            lines.add(String.format(java.util.Locale.ROOT, "    %-12s %s", step,
                    at == null ? "did not happen" : RunSummary.format(Duration.between(faultStart, at))));
        }
        lines.addAll(audit.lines());
        return lines;
    }

    private static String describe(String step) {
        return switch (step) {
            case "detected" -> "the faulty node never left HEALTHY while the fault lasted";
            case "decided" -> "no reschedule decision named a pod of the faulty node";
            case "evicted" -> "the executor evicted no pod of the faulty node";
            case "moved" -> "no replica of the service started on another node";
            case "shifted" -> "the weights never gave the faulty node at most half its share";
            case "recovered" -> "the node did not return to HEALTHY after the fault";
            case "ramped back" -> "the weights did not settle on the recovered or replacement replicas";
            default -> step;
        };
    }
}
