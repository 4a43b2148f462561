package dev.edgeplane.lb.act.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.edgeplane.lb.act.http.internal.WeightsJson;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.ServicePlan;

/**
 * Serves the current weights as JSON, for proxies that take weights instead of iptables rules:
 *
 * <ul>
 *   <li>{@code GET /v1/weights}: every service;
 *   <li>{@code GET /v1/weights/{namespace}/{service}}: one service, 404 when it has no weights.
 * </ul>
 *
 * <p>Both take {@code ?node=NAME} to include only the weights for one client node, which is what
 * a proxy on that node needs. Built on the JDK's HTTP server. Requests run on the server's own
 * threads and only read the {@link WeightsStore}; the planning thread writes it. The caller of
 * {@link #start} owns the server and closes it, which stops the threads.
 */
public final class WeightsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WeightsHttpServer.class);
    private static final String BASE_PATH = "/v1/weights";

    private final HttpServer server;
    private final ExecutorService executor;
    private final WeightsStore store;
    private final WeightsJson json = new WeightsJson();
    private final long stopTimeoutMs;

    private WeightsHttpServer(HttpServer server, ExecutorService executor, WeightsStore store, long stopTimeoutMs) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.stopTimeoutMs = stopTimeoutMs;
    }

    /**
     * Binds the port and starts serving. Returns once the server accepts connections.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static WeightsHttpServer start(WeightsHttpConfig config, WeightsStore store) {
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + address + " for the weights API: " + e.getMessage()
                    + "; choose another " + WeightsHttpConfig.PORT + " or " + WeightsHttpConfig.BIND_ADDRESS, e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "edgeplane-weights-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        WeightsHttpServer weightsServer = new WeightsHttpServer(server, executor, store, config.stopTimeoutMs());
        server.createContext(BASE_PATH, weightsServer::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Weights API listening on http://{}:{}{}", config.bindAddress(), weightsServer.port(), BASE_PATH);
        return weightsServer;
    }

    /** Returns the port the server listens on, useful when it was started with port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting requests, waits up to the stop timeout for those in progress, and stops the threads. */
    @Override
    public void close() {
        server.stop((int) Math.ceil(stopTimeoutMs / 1000.0));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(stopTimeoutMs + 1_000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        LOG.info("Weights API stopped");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, json.error("Method " + exchange.getRequestMethod() + " is not allowed; use GET"));
                return;
            }
            String node = nodeParameter(exchange.getRequestURI().getRawQuery());
            if (path.equals(BASE_PATH) || path.equals(BASE_PATH + "/")) {
                send(exchange, 200, json.services(store.all(), node));
                return;
            }
            Optional<ServiceKey> service = serviceOf(path);
            if (service.isEmpty()) {
                send(exchange, 404, json.error("No resource at " + path + "; use " + BASE_PATH + " or "
                        + BASE_PATH + "/{namespace}/{service}"));
                return;
            }
            sendService(exchange, service.get(), node);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, json.error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Weights API request {} {} failed", exchange.getRequestMethod(), path, e);
            send(exchange, 500, json.error("Internal error while serving " + path + ": " + e));
        }
    }

    private void sendService(HttpExchange exchange, ServiceKey service, String node) throws IOException {
        Optional<ServicePlan> plan = store.get(service);
        if (plan.isEmpty()) {
            send(exchange, 404, json.error("Service " + service
                    + " has no weights: it does not exist or has not been planned yet"));
            return;
        }
        if (node != null && !plan.get().clientNodes().contains(node)) {
            send(exchange, 404, json.error("Service " + service + " has no weights for node '" + node + "'"));
            return;
        }
        send(exchange, 200, json.bytes(json.service(plan.get(), node)));
    }

    /** Returns the {@code node} query parameter, or null; any other parameter is an error. */
    private static String nodeParameter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        String node = null;
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (!name.equals("node") || equals < 0) {
                throw new IllegalArgumentException("Invalid query parameter '" + pair + "'; the only parameter is node=NAME");
            }
            node = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        }
        return node;
    }

    private static Optional<ServiceKey> serviceOf(String path) {
        if (!path.startsWith(BASE_PATH + "/")) {
            return Optional.empty();
        }
        List<String> parts = List.of(path.substring(BASE_PATH.length() + 1).split("/", -1));
        if (parts.size() != 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceKey(parts.get(0), parts.get(1)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
