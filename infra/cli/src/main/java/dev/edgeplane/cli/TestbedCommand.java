package dev.edgeplane.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgeplane testbed}: the network-namespace testbed; the work is in its subcommands. */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        subcommands = {TestbedRunCommand.class, TestbedCleanCommand.class},
        description = "The city in network namespaces on this machine (needs root): 'run' builds it and compares "
                + "kube-proxy's equal shares with Edgeplane's weights on real connections; 'clean' removes what a "
                + "crashed run left.")
final class TestbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose run or clean.");
    }
}
