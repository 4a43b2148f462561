package dev.edgeplane.lb.decide;

/** The planner's treatment of an endpoint in one plan. */
public enum EndpointState {
    /** Ready and weighted by its cost. */
    ACTIVE,
    /** Ready and weighted by its cost, but capped while it ramps up after joining or recovering. */
    RAMPING,
    /** Ejected for a high error rate until its back-off ends; weight 0 unless the plan is in panic. */
    EJECTED,
    /** Not ready in Kubernetes; weight 0. */
    NOT_READY,
    /**
     * Read back after a restart with the weight an earlier run published, and not assessed since.
     * The first new plan replaces it with one of the other states.
     */
    RESTORED
}
