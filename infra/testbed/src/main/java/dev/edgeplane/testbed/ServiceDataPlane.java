package dev.edgeplane.testbed;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.edgeplane.lb.act.ApplyResult;
import dev.edgeplane.lb.act.iptables.IptablesApplierConfig;
import dev.edgeplane.lb.act.iptables.NatRule;
import dev.edgeplane.lb.act.iptables.NatTable;
import dev.edgeplane.lb.act.iptables.NodeRuleApplier;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import dev.edgeplane.lb.act.iptables.WeightedEndpoint;
import dev.edgeplane.testbed.internal.Commands;

/**
 * The kernel data plane of one service in a namespace, the client namespace as a rule. It writes
 * the nat rules kube-proxy (iptables mode) would write for the service, a service address whose
 * chain DNATs to the endpoints with equal shares, and applies Edgeplane's weights on top with the
 * lb-updater's own {@link NodeRuleApplier}, which renders the walk probabilities and jumps to its
 * chain from kube-proxy's. The kernel alone then picks the endpoint of every new connection.
 *
 * <p>One thread owns it; every call blocks while iptables runs. {@link #close} removes
 * Edgeplane's chain; the namespace's deletion removes the rest.
 */
public final class ServiceDataPlane implements AutoCloseable {

    private final Commands commands;
    private final TestbedNamespace namespace;
    private final ServicePort servicePort;
    private final String address;
    private final int port;
    private final NodeRuleApplier applier;

    /**
     * Prepares the data plane of {@code servicePort}, reached at {@code address}:{@code port} from
     * {@code namespace}. Writes nothing yet.
     */
    public ServiceDataPlane(Testbed testbed, TestbedNamespace namespace, ServicePort servicePort, String address,
            int port) {
        this.commands = new Commands(testbed.config().commandTimeoutMs());
        this.namespace = namespace;
        this.servicePort = servicePort;
        this.address = address;
        this.port = port;
        this.applier = new NodeRuleApplier(IptablesApplierConfig.from(Map.of(
                IptablesApplierConfig.RESTORE_COMMAND, String.join(",", Commands.inNamespace(namespace.name(),
                        List.of("iptables-restore"))),
                IptablesApplierConfig.SAVE_COMMAND, String.join(",", Commands.inNamespace(namespace.name(),
                        List.of("iptables-save"))))));
    }

    public ServicePort servicePort() {
        return servicePort;
    }

    /** Returns the service address clients connect to. */
    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /**
     * Writes kube-proxy's rules for the service: a jump from OUTPUT and PREROUTING to
     * {@code KUBE-SERVICES}, a match on the service address and port, and the service's chain,
     * whose rule k of n matches with probability 1/(n-k), as kube-proxy renders equal shares.
     * Replaces the service's chain if it exists; Edgeplane's jump, if any, goes with it, as when
     * kube-proxy rewrites its chains.
     */
    public void installKubeProxyRules(List<WeightedEndpoint> endpoints) {
        String chain = servicePort.kubeProxyChain();
        NatTable current = save();
        StringBuilder rules = new StringBuilder("*nat\n");
        rules.append(':').append(chain).append(" - [0:0]\n");
        if (!current.hasChain("KUBE-SERVICES")) {
            rules.append(":KUBE-SERVICES - [0:0]\n");
            rules.append("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
            rules.append("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
            rules.append("-A KUBE-SERVICES -d ").append(address).append("/32 -p tcp -m tcp --dport ").append(port)
                    .append(" -j ").append(chain).append('\n');
        }
        for (int k = 0; k < endpoints.size(); k++) {
            WeightedEndpoint endpoint = endpoints.get(k);
            rules.append("-A ").append(chain).append(" -p tcp");
            int left = endpoints.size() - k;
            if (left > 1) {
                rules.append(String.format(Locale.ROOT, " -m statistic --mode random --probability %.10f", 1.0 / left));
            }
            rules.append(" -j DNAT --to-destination ").append(endpoint.destination()).append('\n');
        }
        rules.append("COMMIT\n");
        commands.run(Commands.inNamespace(namespace.name(), List.of("iptables-restore", "--noflush")), rules.toString());
    }

    /**
     * Applies {@code endpoints}' weights through the lb-updater's node applier, which checks the
     * rules it wrote by reading them back.
     */
    public ApplyResult applyWeights(List<WeightedEndpoint> endpoints) {
        return applier.apply(List.of(new ServiceRules(servicePort, endpoints)));
    }

    /** Removes Edgeplane's chain and jump, so kube-proxy's equal shares apply again. */
    public void removeWeights() {
        applier.close();
    }

    /**
     * Returns the share of new connections the kernel's rules give each {@code ip:port}, walked
     * from the chain a connection enters first: Edgeplane's when its jump leads kube-proxy's chain.
     */
    public Map<String, Double> kernelShares() {
        NatTable table = save();
        List<NatRule> entry = table.rules(servicePort.kubeProxyChain());
        boolean weighted = !entry.isEmpty() && servicePort.edgeplaneChain().equals(entry.get(0).target());
        return table.walkShares(weighted ? servicePort.edgeplaneChain() : servicePort.kubeProxyChain());
    }

    @Override
    public void close() {
        applier.close();
    }

    private NatTable save() {
        return NatTable.parse(commands.run(Commands.inNamespace(namespace.name(), List.of("iptables-save", "-t", "nat"))));
    }
}
