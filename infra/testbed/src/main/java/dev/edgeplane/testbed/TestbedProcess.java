package dev.edgeplane.testbed;

import java.nio.file.Path;

import dev.edgeplane.testbed.internal.ChildProcess;
import dev.edgeplane.testbed.internal.RunState;

/**
 * A process the testbed started inside one of its namespaces. The testbed stops every process it
 * started when it closes; {@link #stop} stops one earlier, for example to fail a replica.
 */
public final class TestbedProcess {

    private final ChildProcess child;
    private final RunState state;

    TestbedProcess(ChildProcess child, RunState state) {
        this.child = child;
        this.state = state;
    }

    public String name() {
        return child.name();
    }

    /** Returns the namespace it runs in. */
    public String namespace() {
        return child.namespace();
    }

    public long pid() {
        return child.pid();
    }

    public boolean isAlive() {
        return child.isAlive();
    }

    /** Returns its standard output and error so far. */
    public String output() {
        return child.output();
    }

    /** Returns the file its output goes to, in the run's folder. */
    public Path log() {
        return child.log();
    }

    /**
     * Blocks until the process exits by itself, at most {@code timeoutMs}, and returns its exit status.
     *
     * @throws TestbedException if it is still running then; it is killed
     */
    public int awaitExit(long timeoutMs) {
        try {
            return child.awaitExit(timeoutMs);
        } finally {
            state.removePid(child.pid());
        }
    }

    /** Sends SIGTERM, kills after five seconds, and blocks until the process is gone. */
    public void stop() {
        child.stop();
        state.removePid(child.pid());
    }
}
