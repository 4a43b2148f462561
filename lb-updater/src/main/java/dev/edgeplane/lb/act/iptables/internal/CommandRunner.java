package dev.edgeplane.lb.act.iptables.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.lb.act.iptables.IptablesCommandException;
import dev.edgeplane.lb.act.process.ProcessRunner;

/**
 * Runs an iptables command through {@link ProcessRunner} and turns each failure into an
 * {@link IptablesCommandException} that states whether a retry may help. Blocks the caller.
 */
public final class CommandRunner {

    private final ProcessRunner runner;

    public CommandRunner(long timeoutMs) {
        this.runner = new ProcessRunner(timeoutMs);
    }

    /**
     * Runs {@code command}, writes {@code input} to it, and waits for it to exit.
     *
     * @return the standard output
     * @throws IptablesCommandException if the command cannot start (not retriable), times out, or
     *     exits with a non-zero status (retriable); the message includes its standard error
     */
    public String run(List<String> command, String input) {
        ProcessRunner.Result result;
        try {
            result = runner.run(command, input);
        } catch (ProcessRunner.StartException e) {
            throw new IptablesCommandException(e.getMessage()
                    + "; install the Debian package iptables or set the command's path in the configuration", false, e);
        } catch (TimeoutException e) {
            throw new IptablesCommandException(e.getMessage()
                    + "; raise lb.iptables.command.timeout.ms if the node is busy", true, null);
        } catch (IOException e) {
            throw new IptablesCommandException("Command " + command + " failed: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IptablesCommandException("Interrupted while waiting for command " + command, true, e);
        }
        if (result.exitStatus() != 0) {
            throw new IptablesCommandException("Command " + command + " failed with exit status " + result.exitStatus()
                    + ": " + (result.errors().isEmpty() ? "(no error output)" : result.errors()), true, null);
        }
        return result.output();
    }
}
