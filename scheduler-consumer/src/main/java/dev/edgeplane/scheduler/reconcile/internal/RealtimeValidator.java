package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.Realtime;
import dev.edgeplane.scheduler.api.v1alpha1.RealtimePolicy;
import java.util.List;

/** Checks {@code spec.realtime}: priority by policy, and runtime ≤ deadline ≤ period. */
final class RealtimeValidator {

  private RealtimeValidator() {
  }

  static void check(Realtime realtime, List<String> problems) {
    if (realtime == null) {
      return;
    }
    RealtimePolicy policy = realtime.getPolicy();
    if (policy == null) {
      problems.add("spec.realtime.policy is missing: use FIFO, RR, DEADLINE or NONE");
      return;
    }

    checkPriority(policy, realtime.getPriority(), problems);
    if (policy == RealtimePolicy.NONE) {
      return;
    }
    Long runtime = realtime.getRuntimeMicros();
    Long period = realtime.getPeriodMicros();
    Long deadline = realtime.getDeadlineMicros();
    if (runtime == null || period == null) {
      problems.add("spec.realtime.policy " + policy + " needs runtimeMicros and periodMicros, so that "
          + "the scheduler can check the node's real-time bandwidth: set both");
      return;
    }
    checkPositive("runtimeMicros", runtime, problems);
    checkPositive("periodMicros", period, problems);
    if (deadline != null) {
      checkPositive("deadlineMicros", deadline, problems);
    }

    long effectiveDeadline = deadline == null ? period : deadline;
    if (runtime > effectiveDeadline) {
      problems.add("spec.realtime.runtimeMicros " + runtime + " exceeds "
          + (deadline == null ? "periodMicros " : "deadlineMicros ") + effectiveDeadline
          + ": a replica cannot use more CPU time than fits before its deadline; lower runtimeMicros");
    }
    if (deadline != null && deadline > period) {
      problems.add("spec.realtime.deadlineMicros " + deadline + " exceeds periodMicros " + period
          + ": set the deadline at most to the period");
    }
  }

  private static void checkPriority(RealtimePolicy policy, Integer priority, List<String> problems) {
    boolean fixedPriority = policy == RealtimePolicy.FIFO || policy == RealtimePolicy.RR;
    if (fixedPriority && (priority == null || priority < 1 || priority > Realtime.MAX_PRIORITY)) {
      problems.add("spec.realtime.priority is " + priority + " for policy " + policy
          + ": give a priority from 1 to " + Realtime.MAX_PRIORITY);
    } else if (!fixedPriority && priority != null && priority != 0) {
      problems.add("spec.realtime.priority is " + priority + " for policy " + policy
          + ": remove it, because only FIFO and RR use a static priority");
    }
  }

  private static void checkPositive(String field, long value, List<String> problems) {
    if (value < 1) {
      problems.add("spec.realtime." + field + " is " + value + ": give at least 1 microsecond");
    }
  }
}
