package dev.edgeplane.testbed.internal.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgeplane.testbed.LinkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-space link emulator. It runs in the core namespace, where iptables sends every packet
 * addressed to a namespace to that link's relay address instead (DNAT keeps the port). It listens
 * there on the configured TCP and UDP ports and forwards what arrives to the namespace's own
 * address after the delay of the sender's link plus the target's link, and drops UDP datagrams
 * at both links' loss rates. A port it does not listen on refuses connections, so nothing reaches
 * a namespace around the emulator.
 *
 * <p>Why not a library: the JDK has no delaying proxy, and the kernel's netem, which would do this
 * per packet, is missing on the kernels this runs on.
 *
 * <p>Threads: one selector thread owns every channel and splice; one {@link DelayScheduler} thread
 * times the releases and hands TCP chunks back through {@link #onSelectorThread}. Settings change
 * from any thread through {@link #update}. {@link #close} stops both threads and closes every socket.
 */
public final class LinkRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkRelay.class);
    private static final long EXPIRY_CHECK_NANOS = 5_000_000_000L;

    /** Reacts to a ready channel; the attachment of every key of the relay's selector. */
    interface KeyHandler {
        void handle(SelectionKey key);
    }

    private final Map<String, RelayLink> links = new LinkedHashMap<>();
    private final Selector selector;
    private final DelayScheduler scheduler = new DelayScheduler("relay-delay");
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<UdpForwarder> udpForwarders = new ArrayList<>();
    private final List<ServerSocketChannel> tcpListeners = new ArrayList<>();
    private final AtomicLong openSplices = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Binds every port on every link's relay address and starts the relay's threads.
     *
     * @param links links as {@code name,relayAddress,targetAddress,subnet/prefix}
     * @throws IOException if a port cannot be bound, for example because the relay address is missing
     */
    public LinkRelay(List<String> links, List<Integer> tcpPorts, List<Integer> udpPorts) throws IOException {
        for (String text : links) {
            RelayLink link = RelayLink.parse(text);
            this.links.put(link.name(), link);
        }
        selector = Selector.open();
        try {
            for (RelayLink link : this.links.values()) {
                for (int port : tcpPorts) {
                    listenTcp(link, port);
                }
                for (int port : udpPorts) {
                    udpForwarders.add(new UdpForwarder(this, selector, link, port));
                }
            }
        } catch (IOException e) {
            closeSockets();
            throw e;
        }
        thread = new Thread(this::run, "relay-selector");
        thread.start();
    }

    /**
     * Replaces the settings of link {@code name}; new chunks and datagrams use them at once.
     *
     * @throws IllegalArgumentException if there is no such link
     */
    public void update(String name, LinkSettings settings) {
        RelayLink link = links.get(name);
        if (link == null) {
            throw new IllegalArgumentException("No link named '" + name + "'; links are " + links.keySet());
        }
        link.settings(settings);
        log.info("Link {} now has delay {} µs, jitter {} µs, loss {}", name, settings.delayMicros(),
                settings.jitterMicros(), settings.lossRatio());
    }

    /** Returns the current settings of link {@code name}, if there is one. */
    public Optional<LinkSettings> settings(String name) {
        return Optional.ofNullable(links.get(name)).map(RelayLink::settings);
    }

    /** Returns the connections being relayed now. */
    public long openConnections() {
        return openSplices.get();
    }

    DelayScheduler scheduler() {
        return scheduler;
    }

    /** Runs {@code task} on the selector thread soon. Any thread. */
    void onSelectorThread(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Returns the link whose subnet contains {@code address}, or null for a sender behind no link. */
    RelayLink linkOf(InetAddress address) {
        for (RelayLink link : links.values()) {
            if (link.contains(address)) {
                return link;
            }
        }
        return null;
    }

    void spliceClosed() {
        openSplices.decrementAndGet();
    }

    private void listenTcp(RelayLink link, int port) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        tcpListeners.add(server);
        server.bind(new InetSocketAddress(link.relayAddress(), port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT, (KeyHandler) key -> accept(server, link, port));
    }

    private void accept(ServerSocketChannel server, RelayLink to, int port) {
        SocketChannel sender;
        try {
            while ((sender = server.accept()) != null) {
                SocketChannel target = null;
                try {
                    sender.configureBlocking(false);
                    sender.socket().setTcpNoDelay(true);
                    target = SocketChannel.open();
                    target.configureBlocking(false);
                    target.socket().setTcpNoDelay(true);
                    boolean connected = target.connect(to.target(port));
                    RelayLink from = linkOf(((InetSocketAddress) sender.getRemoteAddress()).getAddress());
                    new TcpSplice(this, selector, sender, target, from, to, connected);
                    openSplices.incrementAndGet();
                } catch (IOException e) {
                    log.debug("Cannot relay a connection to link {} port {}: {}", to.name(), port, e.toString());
                    sender.close();
                    if (target != null) {
                        target.close();
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Accepting on link {} port {} failed; the relay goes on", to.name(), port, e);
        }
    }

    private void run() {
        long nextExpiry = System.nanoTime() + EXPIRY_CHECK_NANOS;
        while (running) {
            try {
                selector.select(1_000);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        ((KeyHandler) key.attachment()).handle(key);
                    }
                }
                selector.selectedKeys().clear();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                if (System.nanoTime() - nextExpiry > 0) {
                    udpForwarders.forEach(UdpForwarder::expireIdleSessions);
                    nextExpiry = System.nanoTime() + EXPIRY_CHECK_NANOS;
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Relay selector loop failed; it goes on", e);
            }
        }
        closeSockets();
    }

    private void closeSockets() {
        udpForwarders.forEach(UdpForwarder::close);
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                // Closing on shutdown; nothing is left to release.
            }
        }
        for (ServerSocketChannel server : tcpListeners) {
            try {
                server.close();
            } catch (IOException e) {
                // Closing on shutdown; nothing is left to release.
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Closing on shutdown; nothing is left to release.
        }
    }

    /** Stops the threads and closes every socket. Blocks until the selector thread ended. */
    @Override
    public void close() {
        running = false;
        scheduler.close();
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
