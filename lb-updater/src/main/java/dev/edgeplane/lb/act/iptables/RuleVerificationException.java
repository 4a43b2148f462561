package dev.edgeplane.lb.act.iptables;

import java.util.List;

/**
 * The rules read back after iptables-restore differ from the rules applied, for instance because
 * another program changed the nat table at the same time. Retriable: the next apply rewrites the
 * differing chains.
 */
public class RuleVerificationException extends RuntimeException {

    private final List<String> differences;

    public RuleVerificationException(List<String> differences) {
        super("Rules read back with iptables-save differ from the rules applied; the next apply rewrites them: "
                + String.join("; ", differences));
        this.differences = List.copyOf(differences);
    }

    /** Returns one sentence per difference, naming the chain and rule. */
    public List<String> differences() {
        return differences;
    }
}
