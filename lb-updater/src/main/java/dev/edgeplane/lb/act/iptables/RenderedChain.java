package dev.edgeplane.lb.act.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of one Edgeplane chain and the jump that sends a service port's traffic to it.
 *
 * @param servicePort the service port
 * @param chain the Edgeplane chain
 * @param jumpFrom the chain that jumps to {@code chain} in its first rule, kube-proxy's chain for
 *     the service port
 * @param rules the DNAT rules in walk order; the last one is unconditional
 */
public record RenderedChain(ServicePort servicePort, String chain, String jumpFrom, List<ChainRule> rules) {

    /** Maximum length of a comment that the iptables comment match stores. */
    static final int MAX_COMMENT_LENGTH = 255;

    public RenderedChain {
        rules = List.copyOf(rules);
    }

    /** Returns each rule as an iptables-restore line, {@code -A CHAIN ...}. */
    public List<String> ruleLines() {
        // NOTE: the rules DNAT straight to the pod. kube-proxy's own endpoint chains also mark a
        // pod that reaches itself through its service for masquerade (KUBE-MARK-MASQ), and these
        // rules do not yet, so such hairpin connections need that mark added before they work.
        List<String> lines = new ArrayList<>(rules.size());
        for (ChainRule rule : rules) {
            StringBuilder line = new StringBuilder(160)
                    .append("-A ").append(chain)
                    .append(" -p ").append(servicePort.protocol().iptablesName())
                    .append(" -m comment --comment \"").append(comment(servicePort.servicePortName() + " " + rule.pod()))
                    .append('"');
            if (!rule.unconditional()) {
                line.append(" -m statistic --mode random --probability ").append(rule.probabilityText());
            }
            line.append(" -j DNAT --to-destination ").append(rule.destination());
            lines.add(line.toString());
        }
        return lines;
    }

    /** Returns the jump rule's specification, without the {@code -A}/{@code -I} and chain. */
    public String jumpSpec() {
        return "-m comment --comment \"" + comment("edgeplane " + servicePort.servicePortName()) + "\" -j " + chain;
    }

    /** Returns the line that inserts the jump as the first rule of {@link #jumpFrom()}. */
    public String jumpInsertLine() {
        return "-I " + jumpFrom + " 1 " + jumpSpec();
    }

    // NOTE: a comment longer than the match stores is cut. It names the service and pod for
    // operators only, so the applier never relies on it.
    private static String comment(String text) {
        return text.length() <= MAX_COMMENT_LENGTH ? text : text.substring(0, MAX_COMMENT_LENGTH);
    }
}
