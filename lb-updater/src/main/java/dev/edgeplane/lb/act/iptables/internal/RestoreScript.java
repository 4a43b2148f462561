package dev.edgeplane.lb.act.iptables.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.lb.act.iptables.NatRule;
import dev.edgeplane.lb.act.iptables.NatTable;
import dev.edgeplane.lb.act.iptables.RenderedChain;
import dev.edgeplane.lb.act.iptables.ServicePort;

/**
 * The iptables-restore input (for {@code --noflush}) that takes a node's nat table from its
 * current state to the desired Edgeplane chains, touching nothing else. In one transaction it:
 *
 * <ul>
 *   <li>declares each chain that differs, which creates it or empties it, and adds its rules;
 *   <li>deletes every jump to an Edgeplane chain that is not the single first rule of the right
 *       service chain, and inserts the missing jumps at position 1;
 *   <li>empties and deletes Edgeplane chains that no desired service needs.
 * </ul>
 *
 * <p>Chains that already match are left alone, so an unchanged node needs no restore at all.
 *
 * @param text the input, or empty when nothing needs to change
 * @param chainsWritten chains created or rewritten
 * @param chainsRemoved chains deleted
 */
public record RestoreScript(String text, int chainsWritten, int chainsRemoved) {

    /** Builds the input for {@code desired}; an empty collection removes every Edgeplane chain. */
    public static RestoreScript build(Collection<RenderedChain> desired, NatTable current, RuleVerifier verifier) {
        Map<String, RenderedChain> byChain = new HashMap<>();
        List<RenderedChain> rewrite = new ArrayList<>();
        for (RenderedChain chain : desired) {
            byChain.put(chain.chain(), chain);
            if (!verifier.chainDifferences(chain, current).isEmpty()) {
                rewrite.add(chain);
            }
        }
        List<String> stale = new ArrayList<>();
        for (String chain : current.chains()) {
            if (chain.startsWith(ServicePort.CHAIN_PREFIX) && !byChain.containsKey(chain)) {
                stale.add(chain);
            }
        }

        List<String> jumpLines = new ArrayList<>();
        for (String chain : current.chains()) {
            if (!chain.startsWith(ServicePort.CHAIN_PREFIX)) {
                jumpLines.addAll(jumpDeletions(chain, current, byChain, verifier));
            }
        }
        for (RenderedChain chain : desired) {
            if (!verifier.jumpInPlace(chain, current)) {
                jumpLines.add(chain.jumpInsertLine());
            }
        }

        if (rewrite.isEmpty() && stale.isEmpty() && jumpLines.isEmpty()) {
            return new RestoreScript("", 0, 0);
        }
        StringBuilder text = new StringBuilder("*nat\n");
        for (RenderedChain chain : rewrite) {
            text.append(':').append(chain.chain()).append(" - [0:0]\n");
        }
        for (String chain : stale) {
            text.append(':').append(chain).append(" - [0:0]\n");
        }
        for (RenderedChain chain : rewrite) {
            for (String line : chain.ruleLines()) {
                text.append(line).append('\n');
            }
        }
        for (String line : jumpLines) {
            text.append(line).append('\n');
        }
        for (String chain : stale) {
            text.append("-X ").append(chain).append('\n');
        }
        text.append("COMMIT\n");
        return new RestoreScript(text.toString(), rewrite.size(), stale.size());
    }

    /**
     * Returns the deletions for the jumps to Edgeplane chains in one non-Edgeplane chain. A jump
     * stays only if it is the chain's single jump to an Edgeplane chain, sits first, and the
     * desired chain it reaches names this chain as its jump source. Otherwise every such jump
     * goes, and the insert pass puts back the one that is wanted, because {@code -D} removes the
     * first rule with the given text and so cannot pick one copy of a duplicate.
     */
    private static List<String> jumpDeletions(String chain, NatTable current, Map<String, RenderedChain> byChain,
            RuleVerifier verifier) {
        List<NatRule> jumps = new ArrayList<>();
        for (NatRule rule : current.rules(chain)) {
            String target = rule.target();
            if (target != null && target.startsWith(ServicePort.CHAIN_PREFIX)) {
                jumps.add(rule);
            }
        }
        if (jumps.isEmpty()) {
            return List.of();
        }
        RenderedChain wanted = byChain.get(jumps.get(0).target());
        if (wanted != null && wanted.jumpFrom().equals(chain) && verifier.jumpInPlace(wanted, current)) {
            return List.of();
        }
        List<String> deletions = new ArrayList<>(jumps.size());
        for (NatRule jump : jumps) {
            deletions.add("-D " + chain + " " + jump.spec());
        }
        return deletions;
    }
}
