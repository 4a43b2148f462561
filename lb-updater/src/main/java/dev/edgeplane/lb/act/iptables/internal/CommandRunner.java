package dev.edgeplane.lb.act.iptables.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.lb.act.iptables.IptablesCommandException;

/**
 * Runs a command with text on its standard input and returns its standard output. Output goes to
 * temporary files instead of pipes. A command that writes much output then cannot block on a full
 * pipe while this thread still writes its input, and no reader threads are needed. Blocks the
 * caller.
 */
public final class CommandRunner {

    private final long timeoutMs;

    public CommandRunner(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /**
     * Runs {@code command}, writes {@code input} to it, and waits for it to exit.
     *
     * @return the standard output
     * @throws IptablesCommandException if the command cannot start (not retriable), times out, or
     *     exits with a non-zero status (retriable); the message includes its standard error
     */
    public String run(List<String> command, String input) {
        File stdout = null;
        File stderr = null;
        Process process = null;
        try {
            stdout = File.createTempFile("edgeplane-iptables-", ".out");
            stderr = File.createTempFile("edgeplane-iptables-", ".err");
            process = start(command, stdout, stderr);
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IptablesCommandException("Command " + command + " timed out after " + timeoutMs
                        + " ms and was killed; raise lb.iptables.command.timeout.ms if the node is busy", true, null);
            }
            String errors = Files.readString(stderr.toPath(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IptablesCommandException("Command " + command + " failed with exit status "
                        + process.exitValue() + ": " + (errors.isEmpty() ? "(no error output)" : errors), true, null);
            }
            return Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IptablesCommandException("Command " + command + " failed: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IptablesCommandException("Interrupted while waiting for command " + command, true, e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            delete(stdout);
            delete(stderr);
        }
    }

    private static Process start(List<String> command, File stdout, File stderr) {
        try {
            return new ProcessBuilder(command)
                    .redirectOutput(stdout)
                    .redirectError(stderr)
                    .start();
        } catch (IOException e) {
            throw new IptablesCommandException("Cannot start " + command + ": " + e.getMessage()
                    + "; install the Debian package iptables or set the command's path in the configuration", false, e);
        }
    }

    private static void delete(File file) {
        if (file != null && !file.delete() && file.exists()) {
            file.deleteOnExit();
        }
    }
}
