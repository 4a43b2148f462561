package dev.edgeplane.lb.act;

import java.util.Collection;

import dev.edgeplane.lb.act.iptables.ServiceRules;

/**
 * Puts one node's weights into its data plane. Each call to {@link #apply} passes the complete
 * desired state for the node: services that are absent, or whose endpoints all have weight 0,
 * lose their Edgeplane rules and fall back to kube-proxy's.
 *
 * <p>Implementations are not thread-safe: one thread owns an applier. Calls block until the data
 * plane has the rules or the call fails. The owner closes the applier, which removes the rules it
 * wrote where the data plane keeps them.
 */
public interface RuleApplier extends AutoCloseable {

    /**
     * Makes the node's Edgeplane rules match {@code desired}.
     *
     * @return what was written and which services were skipped, with the reason
     */
    ApplyResult apply(Collection<ServiceRules> desired);

    /** Removes every rule this applier's data plane holds for Edgeplane. */
    @Override
    void close();
}
