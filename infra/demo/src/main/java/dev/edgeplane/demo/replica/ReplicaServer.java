package dev.edgeplane.demo.replica;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP server on 127.0.0.1 that plays one pod's container. Every request gets its
 * response after the delay of the node's current {@link ReplicaProfile}, with HTTP 200 or, with
 * the profile's error ratio, HTTP 500; the body names the pod and node.
 *
 * <p>The delay runs on a shared scheduler, not on a sleeping thread, so a slow replica holds no
 * thread per request in flight. {@link #pause} closes the listening socket, so that clients see a
 * refused connection as from a stopped process; {@link #resume} listens on the same port again.
 * Thread-safe; the caller closes it. It does not close the shared scheduler.
 */
public final class ReplicaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaServer.class);

    private final String pod;
    private final String node;
    private final ReplicaBehaviour behaviour;
    private final ScheduledExecutorService delays;
    private final ExecutorService handlers;
    private final LongAdder served = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private int port;
    private HttpServer server;
    private boolean closed;

    private ReplicaServer(String pod, String node, ReplicaBehaviour behaviour, ScheduledExecutorService delays) {
        this.pod = pod;
        this.node = node;
        this.behaviour = behaviour;
        this.delays = delays;
        this.handlers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "replica-" + pod);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a server for {@code pod} on {@code node} on a free port of 127.0.0.1, listening unless
     * the node's profile is stopped. Blocks until the socket is bound.
     *
     * @param pod {@code namespace/pod} of the replica, written into each response
     * @param delays scheduler that completes delayed responses; the caller owns it
     * @throws UncheckedIOException if no port can be bound
     */
    public static ReplicaServer start(String pod, String node, ReplicaBehaviour behaviour,
            ScheduledExecutorService delays) {
        ReplicaServer replica = new ReplicaServer(pod, node, behaviour, delays);
        synchronized (replica) {
            replica.bind(0);
            if (behaviour.profileOf(node).stopped()) {
                replica.pause();
            }
        }
        return replica;
    }

    /** Returns the port, which stays the same across {@link #pause} and {@link #resume}. */
    public synchronized int port() {
        return port;
    }

    /** Returns the address clients use, {@code 127.0.0.1:port}. */
    public String address() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    public String pod() {
        return pod;
    }

    public String node() {
        return node;
    }

    /** Returns whether the server accepts connections now. */
    public synchronized boolean isListening() {
        return server != null;
    }

    /** Responses sent so far, HTTP 500 included. */
    public long requestsServed() {
        return served.sum();
    }

    /** Responses sent with HTTP 500 so far. */
    public long requestsFailed() {
        return failed.sum();
    }

    /** Requests received whose response is not sent yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Stops listening and drops open connections, as a stopped process would; requests in flight get no answer. */
    public synchronized void pause() {
        if (server != null) {
            server.stop(0);
            server = null;
            log.info("Replica server of {} on node {} stopped listening on port {}", pod, node, port);
        }
    }

    /**
     * Listens again on the same port. Blocks until the socket is bound.
     *
     * @throws UncheckedIOException if the port was taken in the meantime
     */
    public synchronized void resume() {
        if (server == null && !closed) {
            bind(port);
            log.info("Replica server of {} on node {} listens again on port {}", pod, node, port);
        }
    }

    /** Stops listening and the handler threads. Blocks until the socket is closed. */
    @Override
    public synchronized void close() {
        closed = true;
        pause();
        handlers.shutdownNow();
    }

    private void bind(int requestedPort) {
        try {
            HttpServer bound = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
            bound.createContext("/", this::handle);
            bound.setExecutor(handlers);
            bound.start();
            server = bound;
            port = bound.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to bind the replica server of " + pod + " to 127.0.0.1:"
                    + requestedPort + ": " + e.getMessage(), e);
        }
    }

    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        ReplicaProfile profile = behaviour.profileOf(node);
        long delayMicros = profile.fixedDelay().toNanos() / 1000;
        long jitterMicros = profile.jitter().toNanos() / 1000;
        if (jitterMicros > 0) {
            delayMicros += ThreadLocalRandom.current().nextLong(jitterMicros + 1);
        }
        boolean fail = profile.errorRatio() > 0 && ThreadLocalRandom.current().nextDouble() < profile.errorRatio();
        try {
            delays.schedule(() -> respond(exchange, fail), delayMicros, TimeUnit.MICROSECONDS);
        } catch (RejectedExecutionException e) {
            // The stack is shutting down: answer at once rather than leave the client hanging.
            respond(exchange, true);
        }
    }

    private void respond(HttpExchange exchange, boolean fail) {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String body = "{\"pod\":\"" + pod + "\",\"node\":\"" + node + "\",\"status\":\"" + (fail ? "error" : "ok") + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            served.increment();
            if (fail) {
                failed.increment();
            }
            exchange.sendResponseHeaders(fail ? 500 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client went away or the server stopped: nothing to answer to.
            log.debug("Replica {} failed to send its response: {}", pod, e.toString());
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
