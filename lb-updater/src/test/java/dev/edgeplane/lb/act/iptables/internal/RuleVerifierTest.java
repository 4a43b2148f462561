package dev.edgeplane.lb.act.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.edgeplane.lb.act.iptables.IptablesRenderer;
import dev.edgeplane.lb.act.iptables.NatTable;
import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.RenderedChain;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import dev.edgeplane.lb.act.iptables.WeightedEndpoint;
import dev.edgeplane.lb.decide.ServiceKey;
import org.junit.jupiter.api.Test;

class RuleVerifierTest {

    private static final ServicePort WEB = new ServicePort(new ServiceKey("default", "web"), "", Protocol.TCP);

    private final RuleVerifier verifier = new RuleVerifier();
    private final RenderedChain desired = new IptablesRenderer().render(new ServiceRules(WEB, List.of(
            new WeightedEndpoint("web-1", "10.1.0.1", 80, 0.75),
            new WeightedEndpoint("web-2", "10.1.0.2", 80, 0.25))));
    private final String applied = IptablesRenderer.restoreInput(List.of(desired))
            .replace("*nat\n", "*nat\n:" + WEB.kubeProxyChain() + " - [0:0]\n");

    @Test
    void appliedRulesMatch() {
        assertThat(verifier.differences(List.of(desired), NatTable.parse(applied))).isEmpty();
    }

    @Test
    void changedProbabilityIsReported() {
        NatTable table = NatTable.parse(applied.replace("0.75000000000", "0.70000000000"));

        assertThat(verifier.differences(List.of(desired), table)).containsExactly("chain " + WEB.edgeplaneChain()
                + " rule 1 has probability 0.70000000000 instead of 0.75000000000");
    }

    @Test
    void changedDestinationIsReported() {
        NatTable table = NatTable.parse(applied.replace("10.1.0.2:80", "10.1.0.9:80"));

        assertThat(verifier.differences(List.of(desired), table)).containsExactly("chain " + WEB.edgeplaneChain()
                + " rule 2 sends to DNAT 10.1.0.9:80 instead of DNAT 10.1.0.2:80");
    }

    @Test
    void leftoverChainAndJumpAreReported() {
        NatTable table = NatTable.parse(applied);

        assertThat(verifier.differences(List.of(), table)).containsExactly(
                "chain " + WEB.kubeProxyChain() + " still jumps to " + WEB.edgeplaneChain(),
                "chain " + WEB.edgeplaneChain() + " is no longer needed but still exists");
    }

    @Test
    void missingJumpIsReported() {
        NatTable table = NatTable.parse(applied.replace(desired.jumpInsertLine() + "\n", ""));

        assertThat(verifier.differences(List.of(desired), table)).containsExactly(
                "chain " + WEB.kubeProxyChain() + " does not start with the only jump to " + WEB.edgeplaneChain());
    }
}
