package dev.edgeplane.cli;

/** Shutdown hooks of the long-running commands. */
final class ShutdownHooks {

    private ShutdownHooks() {
    }

    /**
     * Removes {@code hook} after a command ended normally. A JVM that is already shutting down runs
     * the hook, or has run it, and keeps it registered.
     */
    static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutdown is under way; the hook runs or has run.
        }
    }
}
