package dev.edgeplane.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Prints a failed subcommand's error as one readable line instead of a stack trace. The trace goes
 * to the log at DEBUG. Exit code 2 means that the command could not run as configured.
 */
final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {

    static final int EXIT_FAILED = 2;

    private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        // The qualified name says "edgeplane schemas check" rather than only "check".
        String name = commandLine.getCommandSpec().qualifiedName();
        String command = name.startsWith("edgeplane") ? name : "edgeplane " + name;
        commandLine.getErr().println(commandLine.getColorScheme().errorText(command + ": " + describe(e)));
        log.debug("Command {} failed", commandLine.getCommandName(), e);
        return EXIT_FAILED;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
