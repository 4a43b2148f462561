package dev.edgeplane.lb.act.iptables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.edgeplane.lb.act.ApplyResult;
import dev.edgeplane.lb.act.RuleApplier;
import dev.edgeplane.lb.act.iptables.internal.CommandRunner;
import dev.edgeplane.lb.act.iptables.internal.RestoreScript;
import dev.edgeplane.lb.act.iptables.internal.RuleVerifier;

/**
 * Applies a node's weights to its nat table with iptables-restore and reads them back with
 * iptables-save to check them.
 *
 * <p>Each apply runs one {@code iptables-restore --noflush} transaction, so packets see either the
 * old or the new rules of a chain, never a mix. It writes only chains whose names start with
 * {@link ServicePort#CHAIN_PREFIX} and one jump per service at the top of kube-proxy's
 * {@code KUBE-SVC-} chain, and it never changes kube-proxy's own rules. kube-proxy rewrites its
 * chains on its own schedule, which drops the jump. Until the next apply puts it back, that
 * service is balanced by kube-proxy's equal shares.
 *
 * <p>Not thread-safe: one thread owns the applier, and every call blocks while iptables runs.
 * {@link #close()} removes every Edgeplane chain and jump, leaving the node to kube-proxy.
 */
public final class NodeRuleApplier implements RuleApplier {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuleApplier.class);

    private final IptablesApplierConfig config;
    private final CommandRunner runner;
    private final IptablesRenderer renderer = new IptablesRenderer();
    private final RuleVerifier verifier = new RuleVerifier();
    private final Map<String, String> lastSkipReasons = new HashMap<>();

    public NodeRuleApplier(IptablesApplierConfig config) {
        this.config = config;
        this.runner = new CommandRunner(config.commandTimeoutMs());
    }

    /**
     * Makes the node's Edgeplane chains match {@code desired} and checks the result. A service is
     * skipped, and keeps kube-proxy's rules, when none of its endpoints has weight or when
     * kube-proxy has not created the service's chain on this node.
     *
     * @throws IllegalArgumentException if two entries name the same service port
     * @throws IptablesCommandException if iptables-save or iptables-restore fails
     * @throws RuleVerificationException if the rules read back differ from those applied
     */
    @Override
    public ApplyResult apply(Collection<ServiceRules> desired) {
        NatTable current = save();
        List<RenderedChain> chains = new ArrayList<>();
        List<ApplyResult.SkippedService> skipped = new ArrayList<>();
        Set<ServicePort> seen = new HashSet<>();
        for (ServiceRules rules : desired) {
            if (!seen.add(rules.servicePort())) {
                throw new IllegalArgumentException("Service port " + rules.servicePort()
                        + " appears twice in one apply; pass each service port once");
            }
            String reason = skipReason(rules, current);
            if (reason != null) {
                skipped.add(new ApplyResult.SkippedService(rules.servicePort().toString(), reason));
            } else {
                chains.add(renderer.render(rules));
            }
        }
        logSkipChanges(skipped);

        RestoreScript script = RestoreScript.build(chains, current, verifier);
        if (!script.text().isEmpty()) {
            restore(script.text());
            verify(chains);
            LOG.info("Applied Edgeplane rules: {} chains written, {} removed, {} in place, {} services skipped",
                    script.chainsWritten(), script.chainsRemoved(), chains.size(), skipped.size());
        }
        return new ApplyResult(script.chainsWritten(), script.chainsRemoved(), skipped, script.text());
    }

    /**
     * Removes every Edgeplane chain and every jump to one, including those left by an earlier
     * process, and leaves all other rules as they are. Blocks while iptables runs.
     *
     * @throws IptablesCommandException if iptables-save or iptables-restore fails
     * @throws RuleVerificationException if Edgeplane rules remain afterwards
     */
    @Override
    public void close() {
        RestoreScript script = RestoreScript.build(List.of(), save(), verifier);
        if (script.text().isEmpty()) {
            return;
        }
        restore(script.text());
        verify(List.of());
        LOG.info("Removed {} Edgeplane chains and their jumps; kube-proxy's rules are in effect", script.chainsRemoved());
    }

    private String skipReason(ServiceRules rules, NatTable current) {
        if (rules.isEmpty()) {
            return "no endpoint has weight, so kube-proxy's rules stay in effect";
        }
        String serviceChain = rules.servicePort().kubeProxyChain();
        if (!current.hasChain(serviceChain)) {
            return "kube-proxy's chain " + serviceChain + " does not exist on this node; kube-proxy creates it once "
                    + "the service has ready endpoints";
        }
        return null;
    }

    /** Logs a service once when it starts being skipped or its reason changes, not on every apply. */
    private void logSkipChanges(List<ApplyResult.SkippedService> skipped) {
        Map<String, String> now = new HashMap<>();
        for (ApplyResult.SkippedService service : skipped) {
            now.put(service.servicePort(), service.reason());
            if (!service.reason().equals(lastSkipReasons.get(service.servicePort()))) {
                LOG.warn("Skipping service port {}: {}", service.servicePort(), service.reason());
            }
        }
        lastSkipReasons.clear();
        lastSkipReasons.putAll(now);
    }

    private NatTable save() {
        List<String> command = new ArrayList<>(config.saveCommand());
        command.add("-t");
        command.add("nat");
        return NatTable.parse(runner.run(command, ""));
    }

    private void restore(String input) {
        List<String> command = new ArrayList<>(config.restoreCommand());
        command.add("--noflush");
        if (config.lockWaitMs() > 0) {
            command.add("-w");
            command.add(Long.toString((config.lockWaitMs() + 999) / 1000));
        }
        runner.run(command, input);
    }

    private void verify(Collection<RenderedChain> chains) {
        List<String> differences = verifier.differences(chains, save());
        if (!differences.isEmpty()) {
            throw new RuleVerificationException(differences);
        }
    }
}
