package dev.edgeplane.lb.act;

import java.util.List;

/**
 * Outcome of one {@link RuleApplier#apply} call.
 *
 * @param chainsWritten Edgeplane chains created or rewritten
 * @param chainsRemoved Edgeplane chains deleted because no desired service needs them
 * @param skipped services left to kube-proxy, each with the reason
 * @param restoreInput the iptables-restore input that was applied, or printed by a dry run
 */
public record ApplyResult(int chainsWritten, int chainsRemoved, List<SkippedService> skipped, String restoreInput) {

    public ApplyResult {
        skipped = List.copyOf(skipped);
    }

    /**
     * A service the applier left to kube-proxy.
     *
     * @param servicePort the service port, as {@code namespace/name:port/PROTOCOL}
     * @param reason why, in a sentence an operator can act on
     */
    public record SkippedService(String servicePort, String reason) {
    }
}
