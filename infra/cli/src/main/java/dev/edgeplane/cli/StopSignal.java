package dev.edgeplane.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stop request of a long-running command, from Ctrl-C, SIGTERM or a test. The command blocks in
 * {@link #awaitStop} and closes this after it has closed what it runs. The shutdown hook waits for
 * that close, up to a limit, because the JVM exits as soon as its hooks return: without the wait a
 * service would lose what it still had to send, commit or remove.
 *
 * <p>{@link #stop} may come from any thread at any time, also before the command started.
 */
final class StopSignal implements AutoCloseable {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Duration cleanupWait;
    private volatile Thread hook;

    /** Creates a signal whose shutdown hook waits up to {@code cleanupWait} for {@link #close}. */
    StopSignal(Duration cleanupWait) {
        this.cleanupWait = cleanupWait;
    }

    /** Installs the JVM shutdown hook, named {@code hookName}, that requests a stop. */
    void installHook(String hookName) {
        Thread created = new Thread(this::stopFromHook, hookName);
        Runtime.getRuntime().addShutdownHook(created);
        hook = created;
    }

    /** Blocks until a stop is requested. */
    void awaitStop() throws InterruptedException {
        stopRequested.await();
    }

    /** Returns whether a stop was requested. */
    boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Requests the command to stop. Never blocks. */
    void stop() {
        stopRequested.countDown();
    }

    /** Marks the command's cleanup as done and removes the hook unless the JVM is already running it. */
    @Override
    public void close() {
        stopped.countDown();
        Thread installed = hook;
        if (installed != null) {
            ShutdownHooks.remove(installed);
        }
    }

    private void stopFromHook() {
        stop();
        try {
            stopped.await(cleanupWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
