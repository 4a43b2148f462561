package dev.edgeplane.ingest.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 that responds to {@code POST /v1/telemetry} as the ingest gateway's
 * batch contract says: 200 with accepted, duplicates and rejected items, 400 when every item is
 * rejected, 413 above a batch size, 503 with Retry-After while set to fail, and 401 without the
 * expected token. It stores each event id once, as the gateway does with Kafka.
 */
final class FakeGateway implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Set<String> stored = new LinkedHashSet<>();
    private final List<String> storedInOrder = new ArrayList<>();
    private final List<JsonNode> bodies = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger duplicatesAnswered = new AtomicInteger();

    private volatile int unavailableAnswers;
    private volatile String retryAfter = "1";
    private volatile int lostAnswers;
    private volatile int maxEvents = Integer.MAX_VALUE;
    private volatile String requiredToken;
    private volatile Predicate<JsonNode> rejectWhen = event -> false;

    private FakeGateway(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/v1/telemetry", this::handle);
        server.start();
    }

    /** Starts a gateway on {@code port} of 127.0.0.1, 0 for any free port. */
    static FakeGateway start(int port) throws IOException {
        return new FakeGateway(port);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Responds to the next {@code count} requests with 503 and this Retry-After value, without storing. */
    FakeGateway unavailableFor(int count, String retryAfterValue) {
        retryAfter = retryAfterValue;
        unavailableAnswers = count;
        return this;
    }

    /** Stores the next {@code count} batches but responds 500, as if the response got lost. */
    FakeGateway loseAnswers(int count) {
        lostAnswers = count;
        return this;
    }

    /** Responds 413 to batches of more than {@code max} events. */
    FakeGateway maxEvents(int max) {
        maxEvents = max;
        return this;
    }

    /** Answers 401 unless the request carries this bearer token. */
    FakeGateway requireToken(String token) {
        requiredToken = token;
        return this;
    }

    /** Rejects events that match, on field targetNode. */
    FakeGateway rejectWhen(Predicate<JsonNode> predicate) {
        rejectWhen = predicate;
        return this;
    }

    synchronized List<String> storedIds() {
        return List.copyOf(storedInOrder);
    }

    synchronized List<JsonNode> bodies() {
        return List.copyOf(bodies);
    }

    synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    int requests() {
        return requests.get();
    }

    int duplicatesAnswered() {
        return duplicatesAnswered.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        synchronized (this) {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        }
        if (requiredToken != null && !("Bearer " + requiredToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"missing or invalid bearer token\"}");
            return;
        }
        if (unavailableAnswers > 0) {
            unavailableAnswers--;
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
            answer(exchange, 503, "{\"error\":\"Kafka cannot keep up\"}");
            return;
        }
        JsonNode batch = MAPPER.readTree(body);
        ArrayNode events = (ArrayNode) batch.get("events");
        if (events.size() > maxEvents) {
            answer(exchange, 413, "{\"error\":\"batch too large\"}");
            return;
        }
        answer(exchange, store(batch, events));
    }

    private void answer(HttpExchange exchange, ObjectNode result) throws IOException {
        boolean lose;
        synchronized (this) {
            lose = lostAnswers > 0;
            if (lose) {
                lostAnswers--;
            }
        }
        if (lose) {
            answer(exchange, 500, "{\"error\":\"connection to the client lost\"}");
            return;
        }
        int status = result.get("accepted").asInt() + result.get("duplicates").asInt() == 0
                && !result.get("rejected").isEmpty() ? 400 : 200;
        answer(exchange, status, MAPPER.writeValueAsString(result));
    }

    private synchronized ObjectNode store(JsonNode batch, ArrayNode events) {
        bodies.add(batch);
        ObjectNode result = MAPPER.createObjectNode();
        ArrayNode rejected = result.putArray("rejected");
        int accepted = 0;
        int duplicates = 0;
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String id = event.get("id").asText();
            if (rejectWhen.test(event)) {
                ObjectNode item = rejected.addObject();
                item.put("index", i);
                item.put("id", id);
                item.put("field", "targetNode");
                item.set("value", event.get("targetNode"));
                item.put("reason", "unknown node");
            } else if (stored.add(id)) {
                storedInOrder.add(id);
                accepted++;
            } else {
                duplicates++;
            }
        }
        duplicatesAnswered.addAndGet(duplicates);
        result.put("accepted", accepted);
        result.put("duplicates", duplicates);
        return result;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
