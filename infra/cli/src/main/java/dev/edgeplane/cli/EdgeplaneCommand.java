package dev.edgeplane.cli;

import dev.edgeplane.ingest.gateway.IngestGateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edgeplane} command: one entry point for the broker, the topic catalog, each service
 * and the benchmarks. Each subcommand is its own class and documents its options with {@code --help}.
 */
@Command(
        name = "edgeplane",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Control plane for smart-city services on an edge-cloud Kubernetes continuum.",
        subcommands = {
                BrokerCommand.class,
                TopicsCommand.class,
                RegistryCommand.class,
                SchemasCommand.class,
                TailCommand.class,
                SchedulerCommand.class,
                SimulateCommand.class,
                LbCommand.class,
                AgentCommand.class,
                UpCommand.class,
                DemoCommand.class,
                IngestCommand.class,
                AnomalyCommand.class,
                BenchCommand.class,
                TestbedCommand.class,
                CommandLine.HelpCommand.class
        })
public final class EdgeplaneCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits the JVM with the subcommand's exit code. */
    public static void main(String[] args) {
        // Before any command starts a JDK HTTP server (schema registry, gateway, metrics), because
        // the server reads these settings once per JVM.
        IngestGateway.enableTcpNoDelay();
        IngestGateway.limitRequestTime();
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the command line with Edgeplane's error handling, for {@link #main} and tests. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new EdgeplaneCommand());
        commandLine.setExecutionExceptionHandler(new ExceptionHandler());
        return commandLine;
    }

    /** Without a subcommand, prints the usage and fails, so scripts notice the missing word. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()) + ".");
    }
}
