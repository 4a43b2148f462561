package dev.edgeplane.ingest.gateway.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints: {@code POST /v1/telemetry} (JSON batches), {@code POST /api/v1/write}
 * (Prometheus remote write 1.0) and {@code GET /metrics}. Handlers run on the server's request
 * threads and block there until Kafka has answered; everything they call is thread-safe.
 */
public final class GatewayRoutes {

    /** Path of the JSON batch endpoint. */
    public static final String TELEMETRY_PATH = "/v1/telemetry";

    /** Path of the remote-write endpoint. */
    public static final String REMOTE_WRITE_PATH = "/api/v1/write";

    /** Path of the Prometheus metrics. */
    public static final String METRICS_PATH = "/metrics";

    private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestGatewayConfig config;
    private final JsonBatchReader jsonReader;
    private final RemoteWriteDecoder remoteWriteDecoder;
    private final SeriesMapper seriesMapper;
    private final BatchProcessor processor;
    private final GatewayMetrics metrics;
    private final Supplier<String> scrape;
    private final Clock clock;
    private static final String BEARER = "Bearer ";

    /** The token senders must present after the scheme, or null when none is needed. */
    private final byte[] expectedAuthorization;
    private final Object activeLock = new Object();
    private int activeRequests;
    private boolean stopping;

    public GatewayRoutes(IngestGatewayConfig config, SeriesMapper seriesMapper, BatchProcessor processor,
            GatewayMetrics metrics, Supplier<String> scrape, Clock clock) {
        this.config = config;
        this.jsonReader = new JsonBatchReader(config.maxBatchEvents());
        this.remoteWriteDecoder = new RemoteWriteDecoder(config.maxUncompressedBytes());
        this.seriesMapper = seriesMapper;
        this.processor = processor;
        this.metrics = metrics;
        this.scrape = scrape;
        this.clock = clock;
        this.expectedAuthorization = config.authToken().isEmpty() ? null
                : config.authToken().getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the endpoints to {@code server}. */
    public void register(HttpServer server) {
        server.createContext(TELEMETRY_PATH, exchange -> handle(exchange, GatewayMetrics.JSON, this::telemetry));
        server.createContext(REMOTE_WRITE_PATH, exchange -> handle(exchange, GatewayMetrics.REMOTE_WRITE, this::remoteWrite));
        server.createContext(METRICS_PATH, this::metrics);
    }

    private interface BatchHandler {
        BatchAnswer answer(HttpExchange exchange, long receiveTimeMs) throws IOException, BatchFormatException,
                BatchTooLargeException;
    }

    /**
     * Makes new requests get 503 and waits until the requests in progress have been answered, at
     * most {@code timeoutMs}. The JDK server's own stop delay also waits for idle keep-alive
     * connections, so the gateway waits here and then stops the server at once.
     */
    public void stopAccepting(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (activeLock) {
            stopping = true;
            while (activeRequests > 0 && System.currentTimeMillis() < deadline) {
                activeLock.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }

    private boolean enter() {
        synchronized (activeLock) {
            if (stopping) {
                return false;
            }
            activeRequests++;
            return true;
        }
    }

    private void leave() {
        synchronized (activeLock) {
            activeRequests--;
            activeLock.notifyAll();
        }
    }

    private void handle(HttpExchange exchange, String endpoint, BatchHandler handler) throws IOException {
        if (!enter()) {
            send(exchange, failed(endpoint, 503, "The gateway is stopping; resend after the Retry-After delay."));
            return;
        }
        try {
            answer(exchange, endpoint, handler);
        } finally {
            leave();
        }
    }

    private void answer(HttpExchange exchange, String endpoint, BatchHandler handler) throws IOException {
        long receiveTimeMs = clock.millis();
        BatchAnswer answer;
        try {
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                answer = failed(endpoint, 404, "No endpoint at " + exchange.getRequestURI().getPath() + "; use "
                        + TELEMETRY_PATH + " or " + REMOTE_WRITE_PATH + ".");
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answer = failed(endpoint, 405, "Method " + exchange.getRequestMethod() + " is not allowed; use POST.");
            } else if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                answer = failed(endpoint, 401, "Missing or wrong bearer token; send 'Authorization: Bearer TOKEN'.");
            } else {
                answer = handler.answer(exchange, receiveTimeMs);
            }
        } catch (BatchFormatException e) {
            answer = failed(endpoint, 400, e.getMessage());
        } catch (BatchTooLargeException e) {
            answer = failed(endpoint, 413, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Request {} {} on the {} endpoint failed", exchange.getRequestMethod(), exchange.getRequestURI(),
                    endpoint, e);
            answer = failed(endpoint, 500, "Internal error: " + e + "; see the gateway's log.");
        }
        send(exchange, answer);
    }

    /** Counts and returns an answer for a request that failed before its events were processed. */
    private BatchAnswer failed(String endpoint, int status, String error) {
        metrics.request(endpoint, status);
        return BatchAnswer.failed(status, error);
    }

    private BatchAnswer telemetry(HttpExchange exchange, long receiveTimeMs)
            throws IOException, BatchFormatException, BatchTooLargeException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            String sent = contentType == null ? "Missing Content-Type" : "Unsupported Content-Type " + contentType;
            return failed(GatewayMetrics.JSON, 415, sent + "; send application/json.");
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            return failed(GatewayMetrics.JSON, 415, "Unsupported Content-Encoding " + encoding
                    + "; send the JSON batch uncompressed, without a Content-Encoding header.");
        }
        byte[] body = RequestBodies.read(exchange, config.maxBodyBytes());
        ParsedBatch batch;
        try {
            batch = jsonReader.read(body);
        } catch (BatchFormatException e) {
            processor.deadLetterInvalidBody(GatewayMetrics.JSON, sender(exchange), body, e, receiveTimeMs);
            throw e;
        }
        return processor.process(batch, GatewayMetrics.JSON, receiveTimeMs);
    }

    private BatchAnswer remoteWrite(HttpExchange exchange, long receiveTimeMs)
            throws IOException, BatchFormatException, BatchTooLargeException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding == null || !encoding.strip().equalsIgnoreCase("snappy")) {
            return failed(GatewayMetrics.REMOTE_WRITE, 415, (encoding == null ? "Missing Content-Encoding"
                    : "Unsupported Content-Encoding " + encoding) + "; remote write 1.0 bodies are snappy-compressed"
                    + " and sent with 'Content-Encoding: snappy'.");
        }
        byte[] body = RequestBodies.read(exchange, config.maxBodyBytes());
        List<TimeSeries> series;
        try {
            series = remoteWriteDecoder.decode(body);
        } catch (BatchFormatException e) {
            processor.deadLetterInvalidBody(GatewayMetrics.REMOTE_WRITE, sender(exchange), body, e, receiveTimeMs);
            throw e;
        }
        SeriesMapper.Mapped mapped = seriesMapper.map(series);
        if (mapped.unmappedSeries() > 0) {
            metrics.unmappedSeries(mapped.unmappedSeries());
        }
        if (mapped.batch().size() == 0) {
            metrics.request(GatewayMetrics.REMOTE_WRITE, 200);
            return new BatchAnswer(200, 0, 0, List.of(), null);
        }
        return processor.process(mapped.batch(), GatewayMetrics.REMOTE_WRITE, receiveTimeMs);
    }

    /** Returns the sender's IP address, without the port, which changes per connection. */
    private static String sender(HttpExchange exchange) {
        InetSocketAddress remote = exchange.getRemoteAddress();
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }

    private boolean authorized(HttpExchange exchange) {
        if (expectedAuthorization == null) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        // The scheme name is case-insensitive in HTTP (RFC 9110, section 11.1), but the token is not.
        if (given == null || given.length() <= BEARER.length() || !given.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        String token = given.substring(BEARER.length()).strip();
        return MessageDigest.isEqual(expectedAuthorization, token.getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange exchange, BatchAnswer answer) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("accepted", answer.accepted());
        body.put("duplicates", answer.duplicates());
        ArrayNode rejected = body.putArray("rejected");
        for (Rejection rejection : answer.rejected()) {
            rejected.addObject()
                    .put("index", rejection.index())
                    .put("id", rejection.id())
                    .put("field", rejection.field())
                    .put("value", rejection.value())
                    .put("code", rejection.code().code())
                    .put("reason", rejection.reason());
        }
        if (answer.error() != null) {
            body.put("error", answer.error());
        }
        if (answer.retryLater()) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(config.retryAfterSeconds()));
        }
        write(exchange, answer.status(), "application/json", JSON.writeValueAsBytes(body));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            write(exchange, 405, "text/plain; charset=utf-8", "Use GET.\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        write(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get().getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
