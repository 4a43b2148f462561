package dev.edgeplane.testbed.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.testbed.TestbedException;

/**
 * A JVM started inside a network namespace with {@code ip netns exec}, which replaces itself with
 * {@code java}, so the process id is the JVM's. Standard output and error go to a log file in the
 * run's folder. A child reports that it is ready by printing {@value #READY_LINE} as a whole line.
 * One thread owns a child.
 */
public final class ChildProcess {

    /** The line a child prints once it serves. */
    public static final String READY_LINE = "ready";
    /** The system property that tags every child with its run id, so that clean-up can tell it from a reused id. */
    public static final String RUN_PROPERTY = "edgeplane.testbed.run";

    /** Default JVM options: small heaps and the client compiler, because children are many and share two cores. */
    public static final List<String> JVM_OPTIONS = List.of("-Xms16m", "-Xmx96m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k");

    private final String name;
    private final String namespace;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, String namespace, Process process, Path log) {
        this.name = name;
        this.namespace = namespace;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code arguments} in {@code namespace} on this JVM's class path
     * and blocks until it prints the ready line.
     *
     * @throws TestbedException if it cannot start, exits, or is not ready within {@code readyTimeoutMs};
     *     the message carries the end of its log
     */
    public static ChildProcess start(String name, String namespace, String runId, Path runFolder, String mainClass,
            List<String> arguments, long readyTimeoutMs) {
        return start(name, namespace, runId, runFolder, mainClass, arguments, readyTimeoutMs, JVM_OPTIONS, READY_LINE);
    }

    /**
     * Starts {@code mainClass} as {@link #start(String, String, String, Path, String, List, long)} does, with
     * {@code jvmOptions} in place of {@link #JVM_OPTIONS}, and counts it as ready once a line of its
     * output starts with {@code readyPrefix}, for commands that print their own start line.
     */
    public static ChildProcess start(String name, String namespace, String runId, Path runFolder, String mainClass,
            List<String> arguments, long readyTimeoutMs, List<String> jvmOptions, String readyPrefix) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-D" + RUN_PROPERTY + "=" + runId);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        Path log = runFolder.resolve(name + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new TestbedException("Cannot start " + name + " in namespace " + namespace + ": " + e.getMessage(), e);
        }
        ChildProcess child = new ChildProcess(name, namespace, process, log);
        child.awaitReady(readyTimeoutMs, readyPrefix);
        return child;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Returns the log written so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Waits up to {@code timeoutMs} for the child to exit by itself and returns its exit status.
     *
     * @throws TestbedException if it is still running then; it is killed
     */
    public int awaitExit(long timeoutMs) {
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TestbedException(name + " in namespace " + namespace + " did not finish within " + timeoutMs
                        + " ms and was killed; its log ends with: " + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("Interrupted while waiting for " + name, e);
        }
    }

    /**
     * Sends SIGTERM, waits up to five seconds, then kills. Blocks until the process is gone.
     * Does nothing if it already exited.
     */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(long timeoutMs, String readyPrefix) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (output().lines().anyMatch(line -> line.startsWith(readyPrefix))) {
                return;
            }
            if (!process.isAlive()) {
                throw new TestbedException(name + " in namespace " + namespace + " exited with status "
                        + process.exitValue() + " before it was ready; its log ends with: " + tail());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                throw new TestbedException("Interrupted while starting " + name, e);
            }
        }
        stop();
        throw new TestbedException(name + " in namespace " + namespace + " was not ready within " + timeoutMs
                + " ms and was stopped; raise testbed.process.start.timeout.ms on a busy machine. Its log ends with: "
                + tail());
    }

    private String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
