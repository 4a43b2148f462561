package dev.edgeplane.lb.act.iptables.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.edgeplane.lb.act.iptables.ChainRule;
import dev.edgeplane.lb.act.iptables.NatRule;
import dev.edgeplane.lb.act.iptables.NatTable;
import dev.edgeplane.lb.act.iptables.RenderedChain;
import dev.edgeplane.lb.act.iptables.ServicePort;

/**
 * Compares rendered chains with a nat table read back from the kernel. Rules are compared by
 * meaning (protocol, probability, target, destination) rather than text, because iptables-save
 * may order or quote options differently from the input. Stateless.
 */
public final class RuleVerifier {

    /** Largest difference between a rendered and a read-back probability that counts as equal. */
    private static final double PROBABILITY_TOLERANCE = 1e-11;

    /** Returns the differences between the desired chains and the table; empty when they match. */
    public List<String> differences(Collection<RenderedChain> desired, NatTable table) {
        List<String> differences = new ArrayList<>();
        Set<String> desiredChains = new HashSet<>();
        for (RenderedChain chain : desired) {
            desiredChains.add(chain.chain());
            differences.addAll(chainDifferences(chain, table));
            if (!jumpInPlace(chain, table)) {
                differences.add("chain " + chain.jumpFrom() + " does not start with the only jump to " + chain.chain());
            }
        }
        for (String chain : table.chains()) {
            if (chain.startsWith(ServicePort.CHAIN_PREFIX) && !desiredChains.contains(chain)) {
                differences.add("chain " + chain + " is no longer needed but still exists");
            }
            for (NatRule rule : table.rules(chain)) {
                String target = rule.target();
                if (target != null && target.startsWith(ServicePort.CHAIN_PREFIX) && !desiredChains.contains(target)) {
                    differences.add("chain " + chain + " still jumps to " + target);
                }
            }
        }
        return differences;
    }

    /** Returns the differences between one desired chain and the table. */
    public List<String> chainDifferences(RenderedChain chain, NatTable table) {
        if (!table.hasChain(chain.chain())) {
            return List.of("chain " + chain.chain() + " for " + chain.servicePort() + " is missing");
        }
        List<NatRule> actual = table.rules(chain.chain());
        List<ChainRule> expected = chain.rules();
        if (actual.size() != expected.size()) {
            return List.of("chain " + chain.chain() + " has " + actual.size() + " rules instead of " + expected.size());
        }
        List<String> differences = new ArrayList<>();
        String protocol = chain.servicePort().protocol().iptablesName();
        for (int k = 0; k < expected.size(); k++) {
            String difference = ruleDifference(expected.get(k), actual.get(k), protocol);
            if (difference != null) {
                differences.add("chain " + chain.chain() + " rule " + (k + 1) + " " + difference);
            }
        }
        return differences;
    }

    /** Returns whether the jump chain's first rule, and only that rule, jumps to the chain. */
    public boolean jumpInPlace(RenderedChain chain, NatTable table) {
        List<NatRule> rules = table.rules(chain.jumpFrom());
        int jumps = 0;
        for (NatRule rule : rules) {
            String target = rule.target();
            if (target != null && target.startsWith(ServicePort.CHAIN_PREFIX)) {
                jumps++;
            }
        }
        return jumps == 1 && chain.chain().equals(rules.get(0).target());
    }

    private static String ruleDifference(ChainRule expected, NatRule actual, String protocol) {
        if (!"DNAT".equals(actual.target()) || !expected.destination().equals(actual.toDestination())) {
            return "sends to " + actual.target() + " " + actual.toDestination() + " instead of DNAT "
                    + expected.destination();
        }
        if (!protocol.equals(actual.protocol())) {
            return "matches protocol " + actual.protocol() + " instead of " + protocol;
        }
        String probability = actual.option("--probability");
        if (expected.unconditional()) {
            return probability == null ? null : "has probability " + probability + " but should match every connection";
        }
        if (probability == null) {
            return "matches every connection but should have probability " + expected.probabilityText();
        }
        double difference = Math.abs(Double.parseDouble(probability) - expected.probability());
        return difference <= PROBABILITY_TOLERANCE
                ? null
                : "has probability " + probability + " instead of " + expected.probabilityText();
    }
}
