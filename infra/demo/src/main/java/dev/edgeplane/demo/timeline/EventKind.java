package dev.edgeplane.demo.timeline;

/** Kinds of {@link TimelineEvent}, in the order of the control loop. */
public enum EventKind {
    /** A component of the stack started or stopped. */
    STACK,
    /** A scenario step: a fault injected or removed, load started or stopped. */
    SCENARIO,
    /** A node changed health state; the detail is the new state. */
    NODE_STATE,
    /** A reschedule decision was published. */
    DECISION,
    /** An action was carried out: binding, eviction or weight push; the detail is its kind. */
    ACTION,
    /** An action was held back by a safety check; the detail is its kind. */
    ACTION_SKIPPED,
    /** An action failed; the detail is its kind. */
    ACTION_FAILED,
    /** A replica started running; the detail is its FogService. */
    POD_RUNNING,
    /** A replica stopped; the detail is its FogService. */
    POD_STOPPED,
    /** A new weight set was published for a client node. */
    WEIGHTS,
    /** Measurements of the load generator. */
    LOAD
}
