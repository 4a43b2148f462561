package dev.edgeplane.registry.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every request of the JDK HTTP server: reads it, runs its route, and writes the JSON
 * result or the error as {@code {"error_code":N,"message":"..."}}. Runs on the server's request
 * threads. It counts the requests in flight so that {@link #drain} can let them finish before
 * the server closes its connections.
 */
public final class RegistryHttpHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final Router router;
    private final ObjectMapper mapper;
    private final int maxRequestBytes;
    private final Object idle = new Object();
    private int inFlight;
    private boolean draining;

    public RegistryHttpHandler(Router router, ObjectMapper mapper, int maxRequestBytes) {
        this.router = router;
        this.mapper = mapper;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void handle(HttpExchange exchange) {
        boolean accepted;
        synchronized (idle) {
            accepted = !draining;
            if (accepted) {
                inFlight++;
            }
        }
        try {
            respond(exchange, accepted);
        } finally {
            if (accepted) {
                synchronized (idle) {
                    inFlight--;
                    idle.notifyAll();
                }
            }
        }
    }

    /**
     * Rejects every later request with 503 and blocks until the requests in flight have finished or
     * {@code timeout} has passed.
     *
     * @return whether every request finished
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            draining = true;
            while (inFlight > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, remaining);
            }
            return true;
        }
    }

    private void respond(HttpExchange exchange, boolean accepted) {
        try (exchange) {
            String responseType = MediaTypes.responseType(exchange.getRequestHeaders().getFirst("Accept"));
            int status;
            byte[] body;
            try {
                if (!accepted) {
                    throw new ApiException(503, 503, "The schema registry is shutting down; retry against another instance.");
                }
                ApiRequest request = ApiRequest.read(exchange, maxRequestBytes);
                ApiResponse response = router.route(request);
                status = response.status();
                body = response.rawJson() != null ? response.rawJson().getBytes(StandardCharsets.UTF_8) : mapper.writeValueAsBytes(response.json());
            } catch (ApiException e) {
                logFailure(exchange, e);
                status = e.status();
                body = errorBody(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("{} {} failed with an unexpected error", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = errorBody(500, "Internal error: " + e);
            }
            exchange.getResponseHeaders().set("Content-Type", responseType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            log.debug("Could not answer {} {}: the client closed the connection", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private static void logFailure(HttpExchange exchange, ApiException e) {
        if (e.status() >= 500 && e.getCause() != null) {
            log.warn("{} {} failed with error code {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.errorCode(),
                    e.getMessage(), e.getCause());
        } else if (e.status() >= 500) {
            log.warn("{} {} failed with error code {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.errorCode(),
                    e.getMessage());
        } else {
            log.debug("{} {} rejected with error code {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.errorCode(),
                    e.getMessage());
        }
    }

    private byte[] errorBody(int errorCode, String message) throws IOException {
        return mapper.writeValueAsBytes(mapper.createObjectNode().put("error_code", errorCode).put("message", message));
    }
}
