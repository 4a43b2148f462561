package dev.edgeplane.testbed.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.lb.act.process.ProcessRunner;
import dev.edgeplane.testbed.TestbedException;

/**
 * Runs {@code ip}, {@code tc}, {@code iptables} and {@code sysctl} through the lb-updater's
 * {@link ProcessRunner} and turns each failure into a {@link TestbedException} that names the
 * command. Every call blocks until the command exits or the timeout kills it. Thread-safe: calls
 * share nothing.
 */
public final class Commands {

    private final ProcessRunner runner;

    public Commands(long timeoutMs) {
        this.runner = new ProcessRunner(timeoutMs);
    }

    /**
     * Runs {@code command} and returns its standard output.
     *
     * @throws TestbedException if the command cannot start, times out or exits with a non-zero
     *     status; the message gives the command and its standard error
     */
    public String run(List<String> command) {
        return run(command, "");
    }

    /** Runs {@code command} with {@code input} on its standard input; fails as {@link #run(List)} does. */
    public String run(List<String> command, String input) {
        ProcessRunner.Result result = attempt(command, input);
        if (result.exitStatus() != 0) {
            throw new TestbedException("Command '" + String.join(" ", command) + "' failed with exit status "
                    + result.exitStatus() + ": " + (result.errors().isEmpty() ? "(no error output)" : result.errors()));
        }
        return result.output();
    }

    /** Runs {@code command} inside network namespace {@code namespace} with {@code ip netns exec}. */
    public String runIn(String namespace, List<String> command) {
        return run(inNamespace(namespace, command));
    }

    /** Returns {@code command} prefixed with {@code ip netns exec NAMESPACE}. */
    public static List<String> inNamespace(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /**
     * Runs {@code command} and returns its exit status, output and errors without judging them,
     * for probes such as "does the kernel have netem".
     *
     * @throws TestbedException if the command cannot start or times out
     */
    public ProcessRunner.Result attempt(List<String> command, String input) {
        try {
            return runner.run(command, input);
        } catch (ProcessRunner.StartException e) {
            throw new TestbedException(e.getMessage() + "; install the Debian packages iproute2 and iptables", e);
        } catch (TimeoutException e) {
            throw new TestbedException(e.getMessage() + "; raise testbed.command.timeout.ms if the machine is busy", e);
        } catch (IOException e) {
            throw new TestbedException("Command '" + String.join(" ", command) + "' failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("Interrupted while waiting for command '" + String.join(" ", command) + "'", e);
        }
    }

}
