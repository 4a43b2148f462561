package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Exit code, standard output and standard error of one in-process command run. */
record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code command} with {@code args} through picocli and captures what it prints. */
    static CommandRun execute(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute(args);

        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
