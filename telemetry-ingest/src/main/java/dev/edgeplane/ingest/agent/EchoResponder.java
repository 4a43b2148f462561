package dev.edgeplane.ingest.agent;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo responder that every agent runs, so that other agents can probe its node. It sends
 * each UDP datagram back to its sender unchanged. It also accepts TCP connections on the same
 * port number and closes them at once, so that a peer can time the TCP handshake.
 *
 * <p>Each protocol has one daemon thread. {@link #start} binds both sockets before it returns;
 * the caller closes the responder, which stops both threads.
 */
public final class EchoResponder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EchoResponder.class);

    /** Largest echoed datagram, in bytes; probes are far smaller, so larger ones are cut. */
    private static final int MAX_DATAGRAM_BYTES = 1_500;

    /** Attempts to find a port that is free for UDP and TCP when the caller asks for any port. */
    private static final int FREE_PORT_ATTEMPTS = 20;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Thread udpThread;
    private final Thread tcpThread;
    private final AtomicLong echoed = new AtomicLong();
    private volatile boolean closed;

    private EchoResponder(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        udpThread = new Thread(this::echoDatagrams, "edgeplane-echo-udp-" + udp.getLocalPort());
        tcpThread = new Thread(this::acceptConnections, "edgeplane-echo-tcp-" + tcp.getLocalPort());
        udpThread.setDaemon(true);
        tcpThread.setDaemon(true);
    }

    /**
     * Binds UDP and TCP on {@code port} of {@code bindAddress} and starts replying. With port 0 it
     * picks a port that is free for both protocols.
     *
     * @throws IOException if the address cannot be resolved or the port is taken
     */
    public static EchoResponder start(String bindAddress, int port) throws IOException {
        InetAddress address = InetAddress.getByName(bindAddress);
        int attempts = port == 0 ? FREE_PORT_ATTEMPTS : 1;
        IOException last = null;
        for (int i = 0; i < attempts; i++) {
            DatagramSocket udp = null;
            ServerSocket tcp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(address, port));
                tcp = new ServerSocket();
                tcp.bind(new InetSocketAddress(address, udp.getLocalPort()));
                EchoResponder responder = new EchoResponder(udp, tcp);
                responder.udpThread.start();
                responder.tcpThread.start();
                LOG.info("Echo responder listening on {}:{} (UDP and TCP)", bindAddress, udp.getLocalPort());
                return responder;
            } catch (IOException e) {
                if (udp != null) {
                    udp.close();
                }
                if (tcp != null) {
                    tcp.close();
                }
                last = e;
            }
        }
        throw new IOException("Cannot listen for UDP and TCP on " + bindAddress + ":" + port + ": " + last.getMessage()
                + ". Choose another port or stop the process that holds it.", last);
    }

    /** Returns the port that UDP and TCP listen on. */
    public int port() {
        return udp.getLocalPort();
    }

    /** Returns the number of datagrams sent back so far. */
    public long echoedDatagrams() {
        return echoed.get();
    }

    private void echoDatagrams() {
        byte[] buffer = new byte[MAX_DATAGRAM_BYTES];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                udp.receive(packet);
                udp.send(packet);
                echoed.incrementAndGet();
            } catch (IOException e) {
                if (!closed) {
                    // One bad datagram or an ICMP error from a sender must not stop the responder.
                    LOG.debug("Echo of a datagram on port {} failed: {}", udp.getLocalPort(), e.toString());
                }
            }
        }
    }

    private void acceptConnections() {
        while (!closed) {
            // A plain close: the prober resets the connection itself, and a reset from this end
            // as well made the next connect from a reused port fail with 'Connection reset'.
            try (Socket socket = tcp.accept()) {
                LOG.trace("Probe connection from {}", socket.getRemoteSocketAddress());
            } catch (SocketException e) {
                if (!closed) {
                    LOG.debug("Accepting a probe connection on port {} failed: {}", tcp.getLocalPort(), e.toString());
                }
            } catch (IOException e) {
                LOG.debug("Closing a probe connection on port {} failed: {}", tcp.getLocalPort(), e.toString());
            }
        }
    }

    /** Closes both sockets and waits briefly for the threads to end. Does not block otherwise. */
    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.debug("Closing the TCP listener on port {} failed: {}", udp.getLocalPort(), e.toString());
        }
        try {
            udpThread.join(1_000);
            tcpThread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
