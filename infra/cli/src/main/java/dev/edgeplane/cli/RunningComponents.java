package dev.edgeplane.cli;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components a long-running command has started, closed in reverse order of start so that
 * each stops before what it depends on. Used by one thread.
 */
final class RunningComponents {

    private static final Logger log = LoggerFactory.getLogger(RunningComponents.class);

    private record Started(String name, AutoCloseable component) {
    }

    private final Deque<Started> started = new ArrayDeque<>();

    /** Records a component that has started, logs it, and returns it. */
    <T extends AutoCloseable> T started(String name, T component) {
        started.push(new Started(name, component));
        log.info("Started {}", name);
        return component;
    }

    /** Closes every component, last started first; a failure to close one is logged and the rest still close. */
    void closeAll() {
        while (!started.isEmpty()) {
            Started next = started.pop();
            log.info("Stopping {}", next.name());
            try {
                next.component().close();
                log.info("Stopped {}", next.name());
            } catch (Exception e) {
                log.warn("Closing {} failed; closing the remaining components", next.name(), e);
            }
        }
    }
}
