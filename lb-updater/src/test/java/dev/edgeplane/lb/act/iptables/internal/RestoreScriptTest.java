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

/** The restore input computed from a current nat table, without running iptables. */
class RestoreScriptTest {

    private static final ServicePort WEB = new ServicePort(new ServiceKey("default", "web"), "", Protocol.TCP);
    private static final String SERVICE_CHAIN = WEB.kubeProxyChain();
    private static final String CHAIN = WEB.edgeplaneChain();

    private final RuleVerifier verifier = new RuleVerifier();
    private final RenderedChain desired = new IptablesRenderer().render(new ServiceRules(WEB, List.of(
            new WeightedEndpoint("web-1", "10.1.0.1", 80, 0.75),
            new WeightedEndpoint("web-2", "10.1.0.2", 80, 0.25))));

    @Test
    void freshNodeGetsChainAndJump() {
        NatTable current = NatTable.parse("*nat\n:" + SERVICE_CHAIN + " - [0:0]\nCOMMIT\n");

        RestoreScript script = RestoreScript.build(List.of(desired), current, verifier);

        assertThat(script.text()).isEqualTo(IptablesRenderer.restoreInput(List.of(desired)));
        assertThat(script.chainsWritten()).isEqualTo(1);
    }

    @Test
    void matchingNodeNeedsNothing() {
        NatTable current = NatTable.parse(IptablesRenderer.restoreInput(List.of(desired))
                .replace("*nat\n", "*nat\n:" + SERVICE_CHAIN + " - [0:0]\n"));

        RestoreScript script = RestoreScript.build(List.of(desired), current, verifier);

        assertThat(script.text()).isEmpty();
    }

    @Test
    void emptyDesiredStateRemovesChainAndJump() {
        NatTable current = NatTable.parse("*nat\n:" + SERVICE_CHAIN + " - [0:0]\n:" + CHAIN + " - [0:0]\n"
                + "-A " + CHAIN + " -p tcp -j DNAT --to-destination 10.1.0.1:80\n"
                + "-A " + SERVICE_CHAIN + " -m comment --comment \"edgeplane default/web\" -j " + CHAIN + "\n"
                + "-A " + SERVICE_CHAIN + " -p tcp -j DNAT --to-destination 10.1.0.1:80\nCOMMIT\n");

        RestoreScript script = RestoreScript.build(List.of(), current, verifier);

        assertThat(script.text()).isEqualTo("*nat\n"
                + ":" + CHAIN + " - [0:0]\n"
                + "-D " + SERVICE_CHAIN + " -m comment --comment \"edgeplane default/web\" -j " + CHAIN + "\n"
                + "-X " + CHAIN + "\n"
                + "COMMIT\n");
        assertThat(script.chainsRemoved()).isEqualTo(1);
    }

    @Test
    void misplacedJumpIsMovedToTop() {
        NatTable current = NatTable.parse(IptablesRenderer.restoreInput(List.of(desired))
                .replace("-I " + SERVICE_CHAIN + " 1 ", "-A " + SERVICE_CHAIN + " ")
                .replace("*nat\n", "*nat\n:" + SERVICE_CHAIN + " - [0:0]\n-A " + SERVICE_CHAIN + " -j KUBE-MARK-MASQ\n"));

        RestoreScript script = RestoreScript.build(List.of(desired), current, verifier);

        assertThat(script.text()).isEqualTo("*nat\n"
                + "-D " + SERVICE_CHAIN + " " + desired.jumpSpec() + "\n"
                + desired.jumpInsertLine() + "\n"
                + "COMMIT\n");
    }
}
