package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.testbed.TestbedCleaner;
import dev.edgeplane.testbed.TestbedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgeplane testbed clean}: removes the namespaces and processes of crashed testbed runs. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Removes what crashed testbed runs left: stops the processes and deletes the network namespaces "
                + "that their state files list, then deletes every namespace named ep-<six hex digits>-... that no "
                + "running testbed owns. Runs whose owning process still runs are left alone.")
final class TestbedCleanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Folder of the testbed state files (default: the testbed.state.dir default, "
                    + "edgeplane-testbed in the temporary folder).")
    Path stateDir;

    @Override
    public Integer call() {
        Path folder = stateDir != null ? stateDir : TestbedConfig.from(Map.of()).stateDir();
        TestbedCleaner.Report report = new TestbedCleaner(folder, 10_000).clean();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Removed runs: " + (report.runsRemoved().isEmpty() ? "none" : String.join(", ", report.runsRemoved())));
        out.println("Stopped processes: " + (report.processesStopped().isEmpty() ? "none" : report.processesStopped()));
        out.println("Deleted namespaces: " + (report.namespacesDeleted().isEmpty() ? "none"
                : String.join(", ", report.namespacesDeleted())));
        if (!report.runsInUse().isEmpty()) {
            out.println("Left alone, still running: " + String.join(", ", report.runsInUse()));
        }
        out.flush();
        return 0;
    }
}
