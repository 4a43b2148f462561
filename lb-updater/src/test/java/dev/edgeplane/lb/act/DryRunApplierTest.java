package dev.edgeplane.lb.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.edgeplane.lb.act.iptables.IptablesRenderer;
import dev.edgeplane.lb.act.iptables.NatTable;
import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import dev.edgeplane.lb.act.iptables.WeightedEndpoint;
import dev.edgeplane.lb.decide.ServiceKey;
import org.junit.jupiter.api.Test;

class DryRunApplierTest {

    private static final ServicePort WEB = new ServicePort(new ServiceKey("default", "web"), "http", Protocol.TCP);
    private static final ServicePort IDLE = new ServicePort(new ServiceKey("default", "idle"), "", Protocol.UDP);

    @Test
    void printsRestorableRulesAndSkips() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ServiceRules web = new ServiceRules(WEB, List.of(
                new WeightedEndpoint("web-1", "10.1.0.1", 8080, 0.6),
                new WeightedEndpoint("web-2", "10.1.0.2", 8080, 0.4)));
        ServiceRules idle = new ServiceRules(IDLE, List.of(new WeightedEndpoint("idle-1", "10.2.0.1", 53, 0.0)));

        ApplyResult result;
        try (DryRunApplier applier = new DryRunApplier(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            result = applier.apply(List.of(web, idle));
        }

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("# Edgeplane dry run: 1 chains; nothing was applied.\n"
                + "# Skipped default/idle/UDP: no endpoint has weight, so kube-proxy's rules stay in effect\n");
        assertThat(printed).endsWith(result.restoreInput());
        assertThat(NatTable.parse(printed).walkShares(WEB.edgeplaneChain()))
                .containsOnlyKeys("10.1.0.1:8080", "10.1.0.2:8080");
        assertThat(result.restoreInput()).isEqualTo(IptablesRenderer.restoreInput(
                List.of(new IptablesRenderer().render(web))));
    }
}
