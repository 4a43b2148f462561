package dev.edgeplane.testbed.internal.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the UDP datagrams of one link and port. Datagrams that reach the relay's address on the
 * port go to the link's namespace; each sender gets a session, a socket of its own towards the
 * target, so that replies find their way back. Each datagram is dropped at the loss rates of both
 * links it crosses and otherwise sent after the delays of both. Jitter may reorder datagrams, as on
 * a real network.
 *
 * <p>Reading and session bookkeeping run on the selector thread; the delayed sends run on the
 * scheduler's thread, which only calls {@link DatagramChannel#send}, safe beside a reading thread.
 */
final class UdpForwarder {

    private static final Logger log = LoggerFactory.getLogger(UdpForwarder.class);
    private static final int MAX_DATAGRAM_BYTES = 65_535;
    private static final long SESSION_IDLE_NANOS = 60_000_000_000L;

    private final LinkRelay relay;
    private final RelayLink to;
    private final int port;
    private final DatagramChannel listener;
    private final Map<SocketAddress, Session> sessions = new HashMap<>();

    private final class Session {
        final SocketAddress sender;
        final RelayLink from;
        final DatagramChannel channel;
        long lastUsedNanos = System.nanoTime();

        Session(SocketAddress sender, RelayLink from, DatagramChannel channel) {
            this.sender = sender;
            this.from = from;
            this.channel = channel;
        }
    }

    UdpForwarder(LinkRelay relay, Selector selector, RelayLink to, int port) throws IOException {
        this.relay = relay;
        this.to = to;
        this.port = port;
        this.listener = DatagramChannel.open();
        listener.bind(new InetSocketAddress(to.relayAddress(), port));
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_READ, (LinkRelay.KeyHandler) key -> readListener(selector));
    }

    private void readListener(Selector selector) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        try {
            SocketAddress sender;
            while ((sender = listener.receive(buffer.clear())) != null) {
                toTarget(sender, buffer.flip(), selector);
            }
        } catch (IOException e) {
            log.debug("UDP relay to link {} port {} could not receive: {}", to.name(), port, e.toString());
        }
    }

    private void readSession(Session session) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        try {
            while (session.channel.receive(buffer.clear()) != null) {
                toSender(session, buffer.flip());
            }
        } catch (IOException e) {
            // A datagram the target refused (nothing listens on the port) surfaces here; UDP just loses it.
            log.debug("UDP relay from link {} port {}: {}", to.name(), port, e.toString());
        }
    }

    private void toTarget(SocketAddress sender, ByteBuffer datagram, Selector selector) throws IOException {
        Session session = sessions.get(sender);
        if (session == null) {
            DatagramChannel channel = DatagramChannel.open();
            channel.configureBlocking(false);
            channel.connect(to.target(port));
            session = new Session(sender, relay.linkOf(((InetSocketAddress) sender).getAddress()), channel);
            Session created = session;
            channel.register(selector, SelectionKey.OP_READ, (LinkRelay.KeyHandler) key -> readSession(created));
            sessions.put(sender, session);
        }
        session.lastUsedNanos = System.nanoTime();
        if (crossingDrops(session.from)) {
            return;
        }
        ByteBuffer copy = copyOf(datagram);
        DatagramChannel channel = session.channel;
        relay.scheduler().schedule(System.nanoTime() + delayNanos(session.from), () -> send(() -> channel.write(copy)));
    }

    private void toSender(Session session, ByteBuffer datagram) {
        session.lastUsedNanos = System.nanoTime();
        if (crossingDrops(session.from)) {
            return;
        }
        ByteBuffer copy = copyOf(datagram);
        SocketAddress sender = session.sender;
        relay.scheduler().schedule(System.nanoTime() + delayNanos(session.from),
                () -> send(() -> listener.send(copy, sender)));
    }

    private boolean crossingDrops(RelayLink from) {
        return (from != null && from.dropsDatagram()) || to.dropsDatagram();
    }

    private long delayNanos(RelayLink from) {
        return (from == null ? 0 : from.sampleDelayNanos()) + to.sampleDelayNanos();
    }

    /** Closes the sessions idle for a minute; called by the selector thread. */
    void expireIdleSessions() {
        long now = System.nanoTime();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext();) {
            Session session = it.next();
            if (now - session.lastUsedNanos > SESSION_IDLE_NANOS) {
                it.remove();
                closeQuietly(session.channel);
            }
        }
    }

    void close() {
        sessions.values().forEach(session -> closeQuietly(session.channel));
        sessions.clear();
        closeQuietly(listener);
    }

    private interface Send {
        void run() throws IOException;
    }

    private void send(Send send) {
        try {
            send.run();
        } catch (IOException e) {
            log.debug("UDP relay to link {} port {} could not send: {}", to.name(), port, e.toString());
        }
    }

    private static ByteBuffer copyOf(ByteBuffer datagram) {
        ByteBuffer copy = ByteBuffer.allocate(datagram.remaining());
        copy.put(datagram).flip();
        return copy;
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to release.
        }
    }
}
