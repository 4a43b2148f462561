package dev.edgeplane.lb.act.process;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command with text on its standard input and returns its exit status and both output
 * streams, for {@code iptables-restore}, {@code ip} and other short commands. The output goes to
 * temporary files instead of pipes, so a command that writes much output cannot block on a full
 * pipe while this thread still writes its input, and no reader threads are needed. Each call
 * blocks until the command exits or the timeout kills it. Thread-safe: calls share nothing.
 */
public final class ProcessRunner {

    private final long timeoutMs;

    /** Creates a runner that kills a command after {@code timeoutMs} milliseconds. */
    public ProcessRunner(long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("Invalid timeout " + timeoutMs + " ms: give a positive number");
        }
        this.timeoutMs = timeoutMs;
    }

    /** Exit status, standard output and standard error (stripped) of one command. */
    public record Result(int exitStatus, String output, String errors) {
    }

    /** The command could not be started, for example because the program is not installed. */
    public static final class StartException extends IOException {

        private static final long serialVersionUID = 1L;

        StartException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code command}, writes {@code input} to it, and waits for it to exit. A non-zero exit
     * status is returned, not raised, so the caller decides what it means.
     *
     * @throws StartException if the command cannot start
     * @throws TimeoutException if it runs longer than the timeout; it is killed
     * @throws IOException if its input or the temporary files cannot be written or read
     * @throws InterruptedException if the wait is interrupted; the command is killed
     */
    public Result run(List<String> command, String input) throws IOException, TimeoutException, InterruptedException {
        File stdout = null;
        File stderr = null;
        Process process = null;
        try {
            stdout = File.createTempFile("edgeplane-command-", ".out");
            stderr = File.createTempFile("edgeplane-command-", ".err");
            try {
                process = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
            } catch (IOException e) {
                throw new StartException("Cannot start " + command + ": " + e.getMessage(), e);
            }
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("Command " + command + " timed out after " + timeoutMs + " ms and was killed");
            }
            return new Result(process.exitValue(), Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                    Files.readString(stderr.toPath(), StandardCharsets.UTF_8).strip());
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            delete(stdout);
            delete(stderr);
        }
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    private static void delete(File file) {
        if (file != null && !file.delete() && file.exists()) {
            file.deleteOnExit();
        }
    }
}
