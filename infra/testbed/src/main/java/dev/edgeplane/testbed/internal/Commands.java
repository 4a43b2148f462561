package dev.edgeplane.testbed.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.testbed.TestbedException;

/**
 * Runs {@code ip}, {@code tc}, {@code iptables} and {@code sysctl} through {@link ProcessBuilder}.
 * Output goes to temporary files rather than pipes, so a command that writes much cannot block
 * while this thread still writes its input. Every call blocks until the command exits or the
 * timeout kills it. Thread-safe: calls share nothing.
 */
public final class Commands {

    private final long timeoutMs;

    public Commands(long timeoutMs) {
        this.timeoutMs = timeoutMs;
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
        Result result = attempt(command, input);
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
    public Result attempt(List<String> command, String input) {
        File stdout = null;
        File stderr = null;
        Process process = null;
        try {
            stdout = File.createTempFile("edgeplane-testbed-", ".out");
            stderr = File.createTempFile("edgeplane-testbed-", ".err");
            process = start(command, stdout, stderr);
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new TestbedException("Command '" + String.join(" ", command) + "' timed out after " + timeoutMs
                        + " ms and was killed; raise " + "testbed.command.timeout.ms if the machine is busy");
            }
            return new Result(process.exitValue(), Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                    Files.readString(stderr.toPath(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new TestbedException("Command '" + String.join(" ", command) + "' failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("Interrupted while waiting for command '" + String.join(" ", command) + "'", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            delete(stdout);
            delete(stderr);
        }
    }

    /** Exit status, standard output and standard error of one command. */
    public record Result(int exitStatus, String output, String errors) {
    }

    private static Process start(List<String> command, File stdout, File stderr) {
        try {
            return new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
        } catch (IOException e) {
            throw new TestbedException("Cannot start '" + String.join(" ", command) + "': " + e.getMessage()
                    + "; install the Debian packages iproute2 and iptables", e);
        }
    }

    private static void delete(File file) {
        if (file != null && !file.delete() && file.exists()) {
            file.deleteOnExit();
        }
    }
}
