package dev.edgeplane.testbed;

/** Link emulator of a testbed. */
public enum Emulator {
    /**
     * The kernel's {@code netem} qdisc on both ends of each link. Used when the kernel has it,
     * because it delays every packet, the TCP handshake included.
     */
    NETEM,
    /**
     * The user-space relay in the core namespace. It forwards TCP streams and UDP datagrams after
     * the delay and drops UDP datagrams at the loss rate. The TCP handshake ends at the relay, so a
     * bare TCP connect does not see the delay; data on the connection does.
     */
    RELAY
}
