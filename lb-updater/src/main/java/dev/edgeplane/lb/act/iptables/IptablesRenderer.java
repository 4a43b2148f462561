package dev.edgeplane.lb.act.iptables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns weights into an iptables chain walked top to bottom. Rule k matches with probability
 * q_k = p_k / (1 - sum_{j<k} p_j), so it takes share p_k, and the last rule matches
 * unconditionally.
 *
 * <p>The kernel's statistic match stores q_k in steps of 2^-31. The renderer rounds each q_k to
 * that grid itself and computes the next q from the share the rounded rules actually leave, so
 * rounding errors do not add up. Each share is within 2^-32 of its weight, and the last within
 * (rule count) x 2^-32. Endpoints with weight 0 get no rule. Neither does an endpoint whose q
 * rounds to 0, which happens only below a share of 2^-32, about 2.3e-10.
 *
 * <p>Stateless and thread-safe.
 */
public final class IptablesRenderer {

    /**
     * Renders one service port's chain, jumped to from kube-proxy's chain for the port.
     *
     * @throws IllegalArgumentException if no endpoint has weight; such a service keeps
     *     kube-proxy's rules and needs no chain
     */
    public RenderedChain render(ServiceRules rules) {
        return render(rules, rules.servicePort().kubeProxyChain());
    }

    /** Renders one service port's chain, jumped to from {@code jumpFrom}. */
    public RenderedChain render(ServiceRules rules, String jumpFrom) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("Service " + rules.servicePort()
                    + " has no endpoint with weight; leave it to kube-proxy instead of rendering a chain");
        }
        List<WeightedEndpoint> weighted = new ArrayList<>();
        for (WeightedEndpoint endpoint : rules.endpoints()) {
            if (endpoint.weight() > 0.0) {
                weighted.add(endpoint);
            }
        }

        List<ChainRule> chainRules = new ArrayList<>(weighted.size());
        double remaining = 1.0;
        for (int k = 0; k < weighted.size(); k++) {
            WeightedEndpoint endpoint = weighted.get(k);
            if (k == weighted.size() - 1) {
                chainRules.add(new ChainRule(endpoint.pod(), endpoint.destination(), -1, remaining));
                break;
            }
            double probability = Math.min(1.0, endpoint.weight() / remaining);
            long ticks = Math.round(probability * ChainRule.PROBABILITY_SCALE);
            if (ticks == 0) {
                continue;
            }
            double share = remaining * ticks / ChainRule.PROBABILITY_SCALE;
            chainRules.add(new ChainRule(endpoint.pod(), endpoint.destination(), ticks, share));
            remaining -= share;
        }
        return new RenderedChain(rules.servicePort(), rules.servicePort().edgeplaneChain(), jumpFrom, chainRules);
    }

    /**
     * Returns iptables-restore input that creates the chains on a node with no Edgeplane rules:
     * it declares each chain (which also empties it), adds its rules, and inserts the jump as the
     * first rule of the service's chain. Used for the dry run; the node applier computes the
     * changes against the node's current rules instead.
     */
    public static String restoreInput(Collection<RenderedChain> chains) {
        StringBuilder text = new StringBuilder("*nat\n");
        for (RenderedChain chain : chains) {
            text.append(':').append(chain.chain()).append(" - [0:0]\n");
        }
        for (RenderedChain chain : chains) {
            for (String line : chain.ruleLines()) {
                text.append(line).append('\n');
            }
            text.append(chain.jumpInsertLine()).append('\n');
        }
        return text.append("COMMIT\n").toString();
    }
}
