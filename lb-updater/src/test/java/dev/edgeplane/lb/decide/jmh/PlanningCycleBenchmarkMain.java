package dev.edgeplane.lb.decide.jmh;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PlanningCycleBenchmark}. Arguments are JMH's own (for instance {@code -f 0} to run in
 * this JVM, or {@code -p services=1000}); without a benchmark pattern it runs this benchmark only.
 * Blocks until JMH finishes and prints its results on standard output.
 */
public final class PlanningCycleBenchmarkMain {

    private PlanningCycleBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        Options options = new OptionsBuilder()
                .parent(commandLine)
                .include(commandLine.getIncludes().isEmpty()
                        ? PlanningCycleBenchmark.class.getSimpleName()
                        : String.join("|", commandLine.getIncludes()))
                .build();
        new Runner(options).run();
    }
}
