package dev.edgeplane.testbed.internal.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relayed TCP connection: the connection a sender opened to the relay and the relay's own
 * connection to the target. Bytes read on one side reach the other side after the delay of the
 * sender's link plus the target's link. Each chunk leaves no earlier than the chunk before it, so
 * jitter never reorders a stream. An end of stream is passed on the same way, as a half close.
 *
 * <p>Everything but {@link #deliver} runs on the relay's selector thread; {@link #deliver} hands
 * the chunk to that thread through the relay's task queue.
 */
final class TcpSplice {

    private static final Logger log = LoggerFactory.getLogger(TcpSplice.class);
    private static final int CHUNK_BYTES = 16 * 1024;
    // Bytes in flight per direction before the relay stops reading the sender, as a socket buffer would.
    private static final long PAUSE_BYTES = 1024 * 1024;
    private static final ByteBuffer END_OF_STREAM = ByteBuffer.allocate(0);

    private final LinkRelay relay;
    private final RelayLink from;
    private final RelayLink to;
    private final Direction downstream;
    private final Direction upstream;
    private final SelectionKey senderKey;
    private final SelectionKey targetKey;
    private boolean connected;
    private boolean closed;

    /** One way of the connection: bytes read from {@code source}, written to {@code sink}. */
    private final class Direction {
        final SelectionKey source;
        final SelectionKey sink;
        final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
        long inFlightBytes;
        long lastReleaseNanos;
        boolean sourceEnded;
        boolean sinkShut;

        Direction(SelectionKey source, SelectionKey sink) {
            this.source = source;
            this.sink = sink;
        }
    }

    /**
     * Registers both channels with the selector. {@code targetConnected} is whether the
     * non-blocking connect to the target already completed, which it may do at once.
     */
    TcpSplice(LinkRelay relay, Selector selector, SocketChannel sender, SocketChannel target, RelayLink from,
            RelayLink to, boolean targetConnected) throws IOException {
        this.relay = relay;
        this.from = from;
        this.to = to;
        this.senderKey = sender.register(selector, SelectionKey.OP_READ, (LinkRelay.KeyHandler) this::handle);
        this.targetKey = target.register(selector, targetConnected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
                (LinkRelay.KeyHandler) this::handle);
        this.upstream = new Direction(senderKey, targetKey);
        this.downstream = new Direction(targetKey, senderKey);
        this.connected = targetConnected;
    }

    /** Handles readiness of either channel; called by the selector thread. */
    void handle(SelectionKey key) {
        try {
            if (key.isConnectable()) {
                ((SocketChannel) key.channel()).finishConnect();
                connected = true;
                flush(upstream);
            }
            if (key.isValid() && key.isReadable()) {
                read(key == senderKey ? upstream : downstream);
            }
            if (key.isValid() && key.isWritable()) {
                flush(key == targetKey ? upstream : downstream);
            }
            updateInterest();
        } catch (IOException e) {
            log.debug("Relayed connection from link {} to link {} ended: {}", linkName(from), to.name(), e.toString());
            close();
        }
    }

    private void read(Direction direction) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        int count = ((SocketChannel) direction.source.channel()).read(chunk);
        if (count == 0) {
            return;
        }
        long release = Math.max(System.nanoTime() + delayNanos(), direction.lastReleaseNanos);
        direction.lastReleaseNanos = release;
        if (count < 0) {
            direction.sourceEnded = true;
            relay.scheduler().schedule(release, () -> relay.onSelectorThread(() -> deliver(direction, END_OF_STREAM)));
            return;
        }
        chunk.flip();
        direction.inFlightBytes += count;
        relay.scheduler().schedule(release, () -> relay.onSelectorThread(() -> deliver(direction, chunk)));
    }

    private long delayNanos() {
        return (from == null ? 0 : from.sampleDelayNanos()) + to.sampleDelayNanos();
    }

    private void deliver(Direction direction, ByteBuffer chunk) {
        if (closed) {
            return;
        }
        direction.outbox.add(chunk);
        try {
            flush(direction);
            updateInterest();
        } catch (IOException e) {
            log.debug("Relayed connection to link {} failed while writing: {}", to.name(), e.toString());
            close();
        }
    }

    private void flush(Direction direction) throws IOException {
        if (!connected) {
            return;
        }
        SocketChannel sink = (SocketChannel) direction.sink.channel();
        while (!direction.outbox.isEmpty()) {
            ByteBuffer head = direction.outbox.peek();
            if (head == END_OF_STREAM) {
                direction.outbox.poll();
                sink.shutdownOutput();
                direction.sinkShut = true;
                break;
            }
            direction.inFlightBytes -= sink.write(head);
            if (head.hasRemaining()) {
                break;
            }
            direction.outbox.poll();
        }
        if (upstream.sinkShut && downstream.sinkShut) {
            close();
        }
    }

    private void updateInterest() {
        if (closed) {
            return;
        }
        senderKey.interestOps(interest(upstream, downstream));
        targetKey.interestOps(connected ? interest(downstream, upstream) : SelectionKey.OP_CONNECT);
    }

    /** Interest of the channel that is {@code reading}'s source and {@code writing}'s sink. */
    private static int interest(Direction reading, Direction writing) {
        int ops = 0;
        if (!reading.sourceEnded && reading.inFlightBytes < PAUSE_BYTES) {
            ops |= SelectionKey.OP_READ;
        }
        if (!writing.outbox.isEmpty()) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /** Closes both connections; safe to call twice. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(senderKey);
        closeQuietly(targetKey);
        relay.spliceClosed();
    }

    private static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // Closing a relayed connection that already failed; nothing is left to release.
        }
    }

    private static String linkName(RelayLink link) {
        return link == null ? "(none)" : link.name();
    }
}
