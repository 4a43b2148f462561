package dev.edgeplane.lb.act;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.edgeplane.lb.act.iptables.IptablesRenderer;
import dev.edgeplane.lb.act.iptables.RenderedChain;
import dev.edgeplane.lb.act.iptables.ServiceRules;

/**
 * Prints the iptables-restore input that would give a node with no Edgeplane rules the desired
 * state, and changes nothing. Lines starting with {@code #} are comments that iptables-restore
 * skips, so the output can be piped into {@code iptables-restore --noflush} as it is.
 */
public final class DryRunApplier implements RuleApplier {

    private final PrintWriter out;
    private final IptablesRenderer renderer = new IptablesRenderer();

    /** @param out where to print, in UTF-8; the caller owns and closes it */
    public DryRunApplier(PrintStream out) {
        this(new PrintWriter(Objects.requireNonNull(out, "out"), true, StandardCharsets.UTF_8));
    }

    /** @param out where to print; the caller owns and closes it */
    public DryRunApplier(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public ApplyResult apply(Collection<ServiceRules> desired) {
        List<RenderedChain> chains = new ArrayList<>();
        List<ApplyResult.SkippedService> skipped = new ArrayList<>();
        for (ServiceRules rules : desired) {
            if (rules.isEmpty()) {
                skipped.add(new ApplyResult.SkippedService(rules.servicePort().toString(),
                        "no endpoint has weight, so kube-proxy's rules stay in effect"));
            } else {
                chains.add(renderer.render(rules));
            }
        }

        String restoreInput = IptablesRenderer.restoreInput(chains);
        out.println("# Edgeplane dry run: " + chains.size() + " chains; nothing was applied.");
        for (ApplyResult.SkippedService service : skipped) {
            out.println("# Skipped " + service.servicePort() + ": " + service.reason());
        }
        out.print(restoreInput);
        out.flush();
        return new ApplyResult(chains.size(), 0, skipped, restoreInput);
    }

    /** Does nothing, because a dry run writes no rules. */
    @Override
    public void close() {
    }
}
