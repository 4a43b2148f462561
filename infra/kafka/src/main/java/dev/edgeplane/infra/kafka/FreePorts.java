package dev.edgeplane.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free TCP ports on the loopback address. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a port that was free on 127.0.0.1 a moment ago and differs from {@code excluded}.
     * Another process can still take it before the caller binds it, so callers retry on bind failure.
     */
    static int find(int... excluded) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = probe();
            if (!contains(excluded, port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free TCP port found on 127.0.0.1 after 20 attempts.");
    }

    /**
     * Checks that a fixed port is free on 127.0.0.1 before Kafka binds it, because Kafka halts the
     * JVM when its controller listener cannot bind. Port 0 (pick a free one) passes.
     *
     * @throws BrokerStartException naming the port and the listener when it is in use
     */
    static void requireFree(int port, String listener) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new BrokerStartException("The " + listener + " port " + port + " on 127.0.0.1 is in use (" + e.getMessage()
                    + "). Stop the process that holds it, choose another port, or use 0 for a free one.", e);
        }
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a TCP socket on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
