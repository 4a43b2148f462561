package dev.edgeplane.lb.act.iptables;

import java.util.List;

/**
 * One rule of the nat table as iptables-save prints it.
 *
 * @param chain the chain the rule belongs to
 * @param spec the rule's text after {@code -A CHAIN }, unchanged, so that {@code -D CHAIN spec}
 *     deletes exactly this rule
 * @param arguments {@code spec} split into arguments, quotes removed
 */
public record NatRule(String chain, String spec, List<String> arguments) {

    public NatRule {
        arguments = List.copyOf(arguments);
    }

    /** Returns the value after an option such as {@code -j}, or null when the rule lacks it. */
    public String option(String name) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : null;
    }

    /** Returns the jump target ({@code -j}), or null. */
    public String target() {
        return option("-j");
    }

    /** Returns the statistic match's probability, or 1 when the rule has none. */
    public double probability() {
        String value = option("--probability");
        return value == null ? 1.0 : Double.parseDouble(value);
    }

    /** Returns the DNAT target {@code ip:port}, or null. */
    public String toDestination() {
        return option("--to-destination");
    }

    /** Returns the comment, or null. */
    public String comment() {
        return option("--comment");
    }

    /** Returns the protocol ({@code -p}), or null. */
    public String protocol() {
        return option("-p");
    }
}
