package dev.edgeplane.schemas.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTP server on 127.0.0.1 that plays back scripted responses in order (repeating the last one)
 * and records the requests it received. It replaces a registry where a test needs failures a
 * real registry does not produce on demand: 5xx, 401, slow responses, TLS.
 */
final class StubRegistry implements AutoCloseable {

    /** A scripted response, sent after {@code delay}. */
    record Scripted(int status, String body, Duration delay) {
        static Scripted of(int status, String body) {
            return new Scripted(status, body, Duration.ZERO);
        }
    }

    /** A received request with its arrival time in nanoseconds. */
    record Received(String method, String path, String authorization, long nanos) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private StubRegistry(HttpServer server, List<Scripted> responses) {
        this.server = server;
        this.script.addAll(responses);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static StubRegistry http(Scripted... responses) throws IOException {
        return new StubRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), List.of(responses));
    }

    static StubRegistry https(HttpsConfigurator configurator, Scripted... responses) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(configurator);
        return new StubRegistry(server, List.of(responses));
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), System.nanoTime()));
        exchange.getRequestBody().readAllBytes();
        Scripted next;
        synchronized (script) {
            next = script.size() > 1 ? script.poll() : script.peek();
        }
        try {
            Thread.sleep(next.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = next.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(next.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // The client gave up waiting (a timeout test): nothing to send.
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
