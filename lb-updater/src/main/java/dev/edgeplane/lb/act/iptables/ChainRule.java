package dev.edgeplane.lb.act.iptables;

import java.util.Locale;

/**
 * One DNAT rule of an Edgeplane chain.
 *
 * @param pod the endpoint's pod
 * @param destination the DNAT target, {@code ip:port}
 * @param probabilityTicks the statistic match's probability in units of 2^-31, the resolution the
 *     kernel stores; -1 for the chain's last rule, which matches unconditionally
 * @param share the share of the chain's connections this rule takes when the rules are walked in
 *     order with these probabilities
 */
public record ChainRule(String pod, String destination, long probabilityTicks, double share) {

    /** Units of the statistic match's probability: the kernel stores it as a 31-bit fraction. */
    public static final long PROBABILITY_SCALE = 1L << 31;

    /** Returns whether this is the last rule, which matches every connection that reaches it. */
    public boolean unconditional() {
        return probabilityTicks < 0;
    }

    /** Returns the probability this rule matches a connection that reaches it, 0 to 1. */
    public double probability() {
        return unconditional() ? 1.0 : (double) probabilityTicks / PROBABILITY_SCALE;
    }

    /**
     * Returns the probability as iptables-save prints it, with 11 decimals. Eleven decimals are
     * finer than the kernel's 2^-31 steps, so iptables parses the text back to the same ticks.
     */
    public String probabilityText() {
        return String.format(Locale.ROOT, "%.11f", probability());
    }
}
