package dev.edgeplane.lb.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link PrometheusMeterRegistry} in the Prometheus text format at {@code GET /metrics},
 * for the load-balancer updater and the node applier. Built on the JDK's HTTP server with one
 * daemon thread, because a scrape every few seconds needs no more. The caller of {@link #start}
 * owns the server and closes it; the registry stays the caller's.
 */
public final class MetricsHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;

    private MetricsHttpServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
    }

    /**
     * Binds the address and starts serving. Returns once the server accepts connections.
     *
     * @param port the port, 0 for a free one
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static MetricsHttpServer start(String bindAddress, int port, PrometheusMeterRegistry registry) {
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + address + " for the metrics endpoint: "
                    + e.getMessage() + "; choose another metrics port", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeplane-metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        MetricsHttpServer metrics = new MetricsHttpServer(server, executor, registry);
        server.createContext(PATH, metrics::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Metrics endpoint listening on http://{}:{}{}", bindAddress, metrics.port(), PATH);
        return metrics;
    }

    /** Returns the bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found: metrics are at " + PATH + "\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "Method " + exchange.getRequestMethod()
                        + " is not allowed; use GET\n");
            } else {
                send(exchange, 200, CONTENT_TYPE, registry.scrape());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving, waiting up to one second for a scrape in progress. Blocks. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
