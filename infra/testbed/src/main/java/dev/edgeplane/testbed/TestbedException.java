package dev.edgeplane.testbed;

/** A testbed step failed: a command exited with an error, a process did not start, or a setting is invalid. */
public class TestbedException extends RuntimeException {

    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
