package dev.edgeplane.lb.act.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.edgeplane.lb.act.ApplyResult;
import dev.edgeplane.lb.act.iptables.internal.CommandRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node applier against real iptables inside a network namespace that the test creates and
 * deletes, once with the default iptables binaries (nf_tables on Debian 12) and once with
 * iptables-legacy when it is installed. A kube-proxy-like nat table is loaded before each case.
 */
class NodeRuleApplierNetnsTest {

    private static final ServicePort WEB = ServicePortTest.port("default", "web", "http", Protocol.TCP);
    private static final ServicePort API = ServicePortTest.port("default", "api", "", Protocol.TCP);
    private static final ServicePort GHOST = ServicePortTest.port("default", "ghost", "", Protocol.UDP);

    private static final CommandRunner RUNNER = new CommandRunner(10_000);
    private static String namespace;

    /** A pair of iptables-restore and iptables-save programs that share one backend. */
    record Backend(String name, String restore, String save) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Backend> backends() {
        return Stream.of(
                new Backend("default", "iptables-restore", "iptables-save"),
                new Backend("legacy", "iptables-legacy-restore", "iptables-legacy-save"));
    }

    @BeforeAll
    static void createNamespace() {
        assumeTrue(runs(List.of("id", "-u")).strip().equals("0"),
                "Skipped: the iptables applier test creates a network namespace, which needs root");
        String name = "edgeplane-test-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            RUNNER.run(List.of("ip", "netns", "add", name), "");
        } catch (IptablesCommandException e) {
            assumeTrue(false, "Skipped: network namespaces are not supported here (" + e.getMessage() + ")");
        }
        namespace = name;
        if (!onPath("iptables-restore") || !onPath("iptables-save")) {
            fail("iptables-restore and iptables-save are missing: install the Debian package iptables");
        }
    }

    @AfterAll
    static void deleteNamespace() {
        if (namespace != null) {
            RUNNER.run(List.of("ip", "netns", "delete", namespace), "");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void appliesChainsAndJumps(Backend backend) {
        NatTable before = loadKubeProxyRules(backend);

        ApplyResult result = applier(backend).apply(List.of(webRules(0.5, 0.3, 0.2), apiRules(0.9, 0.1)));

        NatTable after = save(backend);
        assertThat(result.chainsWritten()).isEqualTo(2);
        assertShares(after, WEB, Map.of("10.1.0.1:8080", 0.5, "10.1.0.2:8080", 0.3, "10.1.0.3:8080", 0.2));
        assertShares(after, API, Map.of("10.2.0.1:9000", 0.9, "10.2.0.2:9000", 0.1));
        assertThat(after.rules(WEB.kubeProxyChain()).get(0).target()).isEqualTo(WEB.edgeplaneChain());
        assertThat(withoutEdgeplaneJumps(after, WEB.kubeProxyChain())).isEqualTo(specs(before, WEB.kubeProxyChain()));
        assertThat(specs(after, "KUBE-SERVICES")).isEqualTo(specs(before, "KUBE-SERVICES"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sameWeightsNeedNoRestore(Backend backend) {
        loadKubeProxyRules(backend);
        NodeRuleApplier applier = applier(backend);
        applier.apply(List.of(webRules(0.5, 0.3, 0.2)));

        ApplyResult again = applier.apply(List.of(webRules(0.5, 0.3, 0.2)));

        assertThat(again.restoreInput()).isEmpty();
        assertThat(again.chainsWritten()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void newWeightsRewriteChangedChainOnly(Backend backend) {
        loadKubeProxyRules(backend);
        NodeRuleApplier applier = applier(backend);
        applier.apply(List.of(webRules(0.5, 0.3, 0.2), apiRules(0.9, 0.1)));

        ApplyResult result = applier.apply(List.of(webRules(0.1, 0.1, 0.8), apiRules(0.9, 0.1)));

        NatTable after = save(backend);
        assertThat(result.chainsWritten()).isEqualTo(1);
        assertShares(after, WEB, Map.of("10.1.0.1:8080", 0.1, "10.1.0.2:8080", 0.1, "10.1.0.3:8080", 0.8));
        assertThat(jumpCount(after, WEB.kubeProxyChain())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void serviceWithoutWeightFallsBackToKubeProxy(Backend backend) {
        NatTable before = loadKubeProxyRules(backend);
        NodeRuleApplier applier = applier(backend);
        applier.apply(List.of(webRules(0.5, 0.3, 0.2), apiRules(0.9, 0.1)));

        ApplyResult result = applier.apply(List.of(webRules(0.5, 0.3, 0.2), apiRules(0.0, 0.0)));

        NatTable after = save(backend);
        assertThat(result.chainsRemoved()).isEqualTo(1);
        assertThat(result.skipped()).extracting(ApplyResult.SkippedService::servicePort)
                .containsExactly(API.toString());
        assertThat(after.hasChain(API.edgeplaneChain())).isFalse();
        assertThat(specs(after, API.kubeProxyChain())).isEqualTo(specs(before, API.kubeProxyChain()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void missingServiceChainIsSkipped(Backend backend) {
        loadKubeProxyRules(backend);
        ServiceRules ghost = new ServiceRules(GHOST, List.of(new WeightedEndpoint("ghost-1", "10.3.0.1", 53, 1.0)));

        ApplyResult result = applier(backend).apply(List.of(ghost, webRules(0.5, 0.3, 0.2)));

        assertThat(result.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.servicePort()).isEqualTo("default/ghost/UDP");
            assertThat(skip.reason()).contains(GHOST.kubeProxyChain()).contains("does not exist");
        });
        assertThat(save(backend).hasChain(GHOST.edgeplaneChain())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void staleChainAndDuplicateJumpsAreRepaired(Backend backend) {
        loadKubeProxyRules(backend);
        restore(backend, "*nat\n:EDGEPLANE-SVC-STALE - [0:0]\n:" + WEB.edgeplaneChain() + " - [0:0]\n"
                + "-A EDGEPLANE-SVC-STALE -p tcp -j DNAT --to-destination 10.9.9.9:80\n"
                + "-I " + API.kubeProxyChain() + " 1 -j EDGEPLANE-SVC-STALE\n"
                + "-A " + WEB.kubeProxyChain() + " -j " + WEB.edgeplaneChain() + "\n"
                + "-A " + WEB.kubeProxyChain() + " -j " + WEB.edgeplaneChain() + "\n"
                + "COMMIT\n");

        applier(backend).apply(List.of(webRules(0.5, 0.3, 0.2)));

        NatTable after = save(backend);
        assertThat(after.hasChain("EDGEPLANE-SVC-STALE")).isFalse();
        assertThat(jumpCount(after, API.kubeProxyChain())).isZero();
        assertThat(jumpCount(after, WEB.kubeProxyChain())).isEqualTo(1);
        assertThat(after.rules(WEB.kubeProxyChain()).get(0).target()).isEqualTo(WEB.edgeplaneChain());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void jumpDroppedByKubeProxyComesBack(Backend backend) {
        loadKubeProxyRules(backend);
        NodeRuleApplier applier = applier(backend);
        applier.apply(List.of(webRules(0.5, 0.3, 0.2)));
        // kube-proxy rewrites a service chain by declaring it, which empties it, and adding its rules.
        restore(backend, "*nat\n:" + WEB.kubeProxyChain() + " - [0:0]\n"
                + "-A " + WEB.kubeProxyChain() + " -p tcp -j DNAT --to-destination 10.1.0.1:8080\nCOMMIT\n");

        ApplyResult result = applier.apply(List.of(webRules(0.5, 0.3, 0.2)));

        assertThat(result.chainsWritten()).isZero();
        assertThat(result.restoreInput()).contains("-I " + WEB.kubeProxyChain() + " 1 ");
        assertThat(save(backend).rules(WEB.kubeProxyChain()).get(0).target()).isEqualTo(WEB.edgeplaneChain());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closeRemovesOnlyEdgeplaneRules(Backend backend) {
        NatTable before = loadKubeProxyRules(backend);
        NodeRuleApplier applier = applier(backend);
        applier.apply(List.of(webRules(0.5, 0.3, 0.2), apiRules(0.9, 0.1)));

        applier.close();

        NatTable after = save(backend);
        assertThat(after.chains()).isEqualTo(before.chains());
        for (String chain : before.chains()) {
            assertThat(specs(after, chain)).as(chain).isEqualTo(specs(before, chain));
        }
    }

    private static NodeRuleApplier applier(Backend backend) {
        return new NodeRuleApplier(IptablesApplierConfig.from(Map.of(
                IptablesApplierConfig.RESTORE_COMMAND, inNamespace(backend.restore()),
                IptablesApplierConfig.SAVE_COMMAND, inNamespace(backend.save()))));
    }

    /** Empties the namespace's nat table and loads rules like kube-proxy's for the web and api services. */
    private static NatTable loadKubeProxyRules(Backend backend) {
        assumeTrue(onPath(backend.restore()), "Skipped: " + backend.restore() + " is not installed");
        String web = WEB.kubeProxyChain();
        String api = API.kubeProxyChain();
        String rules = "*nat\n"
                + ":PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":KUBE-SERVICES - [0:0]\n:" + web + " - [0:0]\n:" + api + " - [0:0]\n"
                + "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j " + web + "\n"
                + "-A KUBE-SERVICES -d 10.96.0.11/32 -p tcp -m tcp --dport 9000 -j " + api + "\n"
                + "-A " + web + " -p tcp -m statistic --mode random --probability 0.33333333349 -j DNAT --to-destination 10.1.0.1:8080\n"
                + "-A " + web + " -p tcp -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 10.1.0.2:8080\n"
                + "-A " + web + " -p tcp -j DNAT --to-destination 10.1.0.3:8080\n"
                + "-A " + api + " -p tcp -j DNAT --to-destination 10.2.0.1:9000\n"
                + "COMMIT\n";
        RUNNER.run(inNamespace(backend.restore()), rules);
        return save(backend);
    }

    private static void restore(Backend backend, String input) {
        List<String> command = new ArrayList<>(inNamespace(backend.restore()));
        command.add("--noflush");
        RUNNER.run(command, input);
    }

    private static NatTable save(Backend backend) {
        List<String> command = new ArrayList<>(inNamespace(backend.save()));
        command.addAll(List.of("-t", "nat"));
        return NatTable.parse(RUNNER.run(command, ""));
    }

    private static List<String> inNamespace(String program) {
        return List.of("ip", "netns", "exec", namespace, program);
    }

    private static void assertShares(NatTable table, ServicePort port, Map<String, Double> expected) {
        Map<String, Double> shares = table.walkShares(port.edgeplaneChain());
        assertThat(shares).hasSameSizeAs(expected);
        expected.forEach((destination, weight) ->
                assertThat(shares.get(destination)).as(destination).isCloseTo(weight, within(1e-6)));
    }

    private static List<String> specs(NatTable table, String chain) {
        return table.rules(chain).stream().map(NatRule::spec).toList();
    }

    private static List<String> withoutEdgeplaneJumps(NatTable table, String chain) {
        return table.rules(chain).stream()
                .filter(rule -> rule.target() == null || !rule.target().startsWith(ServicePort.CHAIN_PREFIX))
                .map(NatRule::spec)
                .toList();
    }

    private static long jumpCount(NatTable table, String chain) {
        return table.rules(chain).stream()
                .filter(rule -> rule.target() != null && rule.target().startsWith(ServicePort.CHAIN_PREFIX))
                .count();
    }

    private static ServiceRules webRules(double first, double second, double third) {
        return new ServiceRules(WEB, List.of(
                new WeightedEndpoint("web-1", "10.1.0.1", 8080, first),
                new WeightedEndpoint("web-2", "10.1.0.2", 8080, second),
                new WeightedEndpoint("web-3", "10.1.0.3", 8080, third)));
    }

    private static ServiceRules apiRules(double first, double second) {
        return new ServiceRules(API, List.of(
                new WeightedEndpoint("api-1", "10.2.0.1", 9000, first),
                new WeightedEndpoint("api-2", "10.2.0.2", 9000, second)));
    }

    private static String runs(List<String> command) {
        try {
            return RUNNER.run(command, "");
        } catch (IptablesCommandException e) {
            return "";
        }
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(folder, program).canExecute()) {
                return true;
            }
        }
        return new File("/usr/sbin", program).canExecute() || new File("/sbin", program).canExecute();
    }
}
