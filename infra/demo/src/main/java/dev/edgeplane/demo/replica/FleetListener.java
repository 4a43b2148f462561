package dev.edgeplane.demo.replica;

/**
 * Receives the changes of a {@link ReplicaFleet}. Called on the fleet's informer thread; an
 * implementation returns quickly and does not call back into the fleet's start or close.
 */
public interface FleetListener {

    /** Handles a replica server that started for a pod that turned Running. */
    void replicaStarted(Replica replica);

    /** Handles a change of a replica's readiness; does nothing by default. */
    default void replicaReadinessChanged(Replica replica) {
    }

    /**
     * Handles a replica server that stopped because its pod went away or ended.
     *
     * @param reason why, such as {@code pod deleted} or {@code pod Failed}
     */
    void replicaStopped(Replica replica, String reason);
}
