package dev.edgeplane.demo.stack;

/**
 * Starts one component of the {@link EdgeplaneStack}, such as a service, once the broker, the
 * registry, the simulated API and the replica fleet run. Starters run in list order on the thread
 * that starts the stack; the stack closes what they return in reverse order.
 */
public interface ComponentStarter {

    /** Name printed when the component starts and stops, such as {@code lb-updater}. */
    String name();

    /**
     * Starts the component. Blocks until it runs. A component that serves metrics gets its registry
     * from {@link StackContext#meterRegistry}; one that listens somewhere calls
     * {@link StackContext#advertise}.
     *
     * @return what the stack closes on stop
     * @throws Exception when the component cannot start; the stack then closes what started before it
     */
    AutoCloseable start(StackContext context) throws Exception;

    /** Returns a starter with this name that runs {@code start}. */
    static ComponentStarter of(String name, Start start) {
        return new ComponentStarter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AutoCloseable start(StackContext context) throws Exception {
                return start.start(context);
            }
        };
    }

    /** The start step of {@link #of}. */
    @FunctionalInterface
    interface Start {
        AutoCloseable start(StackContext context) throws Exception;
    }
}
