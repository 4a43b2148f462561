package dev.edgeplane.demo.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Serves one meter registry in the Prometheus text format at {@code /metrics} on 127.0.0.1.
 * The caller closes it; closing does not close the registry.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on a free port. Blocks until the socket is bound.
     *
     * @throws UncheckedIOException if no port can be bound
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/metrics", exchange -> {
                try (exchange) {
                    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.start();
            return new MetricsEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to bind a metrics endpoint on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Returns the URL, such as {@code http://127.0.0.1:41234/metrics}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    /** Stops serving. Returns once the socket is closed. */
    @Override
    public void close() {
        server.stop(0);
    }
}
