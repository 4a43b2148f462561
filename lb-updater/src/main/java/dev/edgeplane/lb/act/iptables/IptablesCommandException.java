package dev.edgeplane.lb.act.iptables;

/**
 * An iptables-save or iptables-restore run that failed, timed out, or could not start. The
 * message carries the command and its standard error.
 */
public class IptablesCommandException extends RuntimeException {

    private final boolean retriable;

    public IptablesCommandException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * Returns whether a later call may succeed: true for a failed or timed-out run, false when
     * the program cannot be started at all.
     */
    public boolean retriable() {
        return retriable;
    }
}
