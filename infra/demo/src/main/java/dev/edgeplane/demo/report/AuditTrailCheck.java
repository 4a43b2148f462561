package dev.edgeplane.demo.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;

/**
 * Checks that the audit trail of a run is complete, in both directions:
 * <ul>
 *   <li>every eviction the executor carried out or tried (an EVICTION record that is not SKIPPED) names a
 *       reschedule decision read from {@code edgeplane.decisions.reschedule};</li>
 *   <li>every weight push (a WEIGHT_PUSH record) names a weight set read from {@code edgeplane.lb.weights};</li>
 *   <li>every reschedule decision, and every weight set that changed a weight, published before the
 *       cutoff has an audit record with an outcome other than UNKNOWN.</li>
 * </ul>
 * The cutoff leaves the last seconds of a run out, whose actions may still be under way. Stateless.
 */
public final class AuditTrailCheck {

    /**
     * The result.
     *
     * @param decisions reschedule decisions checked
     * @param weightPushes weight sets that changed a weight, checked
     * @param evictionRecords EVICTION records that are not SKIPPED
     * @param weightPushRecords WEIGHT_PUSH records
     * @param problems one line per gap, empty when the trail is complete
     */
    public record Result(int decisions, int weightPushes, int evictionRecords, int weightPushRecords,
            List<String> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        public boolean complete() {
            return problems.isEmpty();
        }

        /** Returns the result as console lines. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(java.util.Locale.ROOT, "  audit trail: %s (decisions: %d, changed weight sets: %d;"
                    + " audit records read: %d EVICTION, %d WEIGHT_PUSH)", complete() ? "complete" : "INCOMPLETE",
                    decisions, weightPushes, evictionRecords, weightPushRecords));
            problems.stream().limit(10).forEach(p -> lines.add("    " + p));
            if (problems.size() > 10) {
                lines.add("    ... and " + (problems.size() - 10) + " more");
            }
            return lines;
        }
    }

    private AuditTrailCheck() {
    }

    /** Checks the trail; decisions and weight sets after {@code cutoff} need no outcome yet. */
    public static Result check(List<RescheduleDecision> decisions, List<WeightSets.WeightSet> weightSets,
            List<ActionAudit> audits, Instant cutoff) {
        Set<String> decisionIds = new HashSet<>();
        decisions.forEach(d -> decisionIds.add(d.getDecisionId()));
        Set<String> weightSetIds = new HashSet<>();
        weightSets.forEach(w -> weightSetIds.add(w.id()));
        Set<String> withOutcome = new HashSet<>();
        List<String> problems = new ArrayList<>();
        int evictions = 0;
        int pushes = 0;
        for (ActionAudit audit : audits) {
            if (audit.getOutcome() != ActionOutcome.UNKNOWN) {
                withOutcome.add(audit.getDecisionId());
            }
            if (audit.getKind() == ActionKind.EVICTION && audit.getOutcome() != ActionOutcome.SKIPPED) {
                evictions++;
                if (!decisionIds.contains(audit.getDecisionId())) {
                    problems.add("eviction of " + audit.getNamespace() + "/" + audit.getTarget() + " (" + audit.getOutcome()
                            + ") names decision " + audit.getDecisionId() + ", which was never published");
                }
            } else if (audit.getKind() == ActionKind.WEIGHT_PUSH) {
                pushes++;
                if (!weightSetIds.contains(audit.getDecisionId())) {
                    problems.add("weight push " + audit.getDecisionId() + " (" + audit.getOutcome()
                            + ") matches no weight set on the weights topic");
                }
            }
        }
        int checkedDecisions = 0;
        for (RescheduleDecision decision : decisions) {
            if (decision.getDecidedTime().isAfter(cutoff)) {
                continue;
            }
            checkedDecisions++;
            if (!withOutcome.contains(decision.getDecisionId())) {
                problems.add("decision " + decision.getDecisionId() + " to move " + decision.getNamespace() + "/"
                        + decision.getPod() + " has no audited outcome");
            }
        }
        int checkedPushes = 0;
        for (WeightSets.WeightSet set : weightSets) {
            if (!set.changed() || set.computed().isAfter(cutoff)) {
                continue;
            }
            checkedPushes++;
            if (!withOutcome.contains(set.id())) {
                problems.add("weight set " + set.id() + " changed weights but has no audited push");
            }
        }
        return new Result(checkedDecisions, checkedPushes, evictions, pushes, problems);
    }
}
