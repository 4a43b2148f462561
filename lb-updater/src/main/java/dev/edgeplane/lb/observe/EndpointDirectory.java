package dev.edgeplane.lb.observe;

import java.util.Optional;

/**
 * Resolves a pod to its endpoint address. Replica scores name pods but carry no address, so the
 * updater queries a directory for each scored pod at every planning cycle.
 *
 * <p>Implementations are called from the updater's planning thread only and must not block for
 * long; a directory that watches the cluster keeps its own copy and reads it here.
 */
@FunctionalInterface
public interface EndpointDirectory {

    /** Returns the address of {@code namespace/pod}, empty while it is unknown. */
    Optional<EndpointAddress> lookup(String namespace, String pod);
}
