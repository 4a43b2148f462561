package dev.edgeplane.cli;

import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

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
        String message = command + ": " + describe(e);
        String hint = kafkaTimeoutHint(e, commandLine);
        if (!hint.isEmpty()) {
            message = (message.endsWith(".") ? message : message + ".") + " " + hint;
        }
        commandLine.getErr().println(commandLine.getColorScheme().errorText(message));
        log.debug("Command {} failed", commandLine.getCommandName(), e);
        return EXIT_FAILED;
    }

    /**
     * Returns the advice for a Kafka client that timed out, or an empty string. The client's own
     * message, such as "Timeout expired while fetching topic metadata", names neither the cluster
     * nor the cause, and an unreachable broker is the usual one.
     */
    private static String kafkaTimeoutHint(Throwable e, CommandLine commandLine) {
        boolean kafkaTimeout = false;
        for (Throwable cause = e; cause != null && !kafkaTimeout; cause = cause.getCause()) {
            kafkaTimeout = cause instanceof TimeoutException;
        }
        if (!kafkaTimeout) {
            return "";
        }
        OptionSpec option = commandLine.getCommandSpec().findOption("--bootstrap-server");
        Object servers = option == null ? null : option.getValue();
        String cluster = servers == null ? "The Kafka cluster" : "The Kafka cluster at " + servers;
        return cluster + " did not answer in time: check --bootstrap-server and that the broker is running.";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
