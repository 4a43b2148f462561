package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts batches to the ingest gateway's {@code /v1/telemetry} and reads its response:
 * 200 acknowledges every event not listed as rejected (accepted now or a duplicate of an earlier
 * attempt), 400 with a rejection list rejects the whole batch, 413 asks for smaller batches, and
 * 429 or 503 ask to retry after {@code Retry-After}. Any other response or a transport failure keeps
 * the batch for a retry with backoff.
 */
public final class GatewaySender implements BatchSender {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySender.class);

    private final URI uri;
    private final String agentId;
    private final String token;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Clock clock;

    /**
     * @param uri     the gateway's batch endpoint
     * @param token   bearer token, or empty for none
     * @param timeout wait for the gateway's response to one batch
     */
    public GatewaySender(URI uri, String agentId, String token, Duration timeout, Clock clock) {
        this.uri = uri;
        this.agentId = agentId;
        this.token = token;
        this.timeout = timeout;
        this.clock = clock;
        // Java 17's HttpClient has no close, so it gets an executor that close() can stop.
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "edgeplane-agent-gateway-http");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
    }

    @Override
    public SendOutcome send(List<PendingEvent> batch) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TelemetryJson.batch(agentId, batch)));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }

        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return SendOutcome.retryAll(null, "gateway " + uri + " unreachable: " + e);
        }

        int status = response.statusCode();
        return switch (status) {
            case 200 -> readResult(batch, response.body(), false);
            case 400 -> readResult(batch, response.body(), true);
            case 413 -> SendOutcome.batchTooLarge("gateway " + uri + " responded 413 to a batch of " + batch.size() + " events");
            case 429, 503 -> SendOutcome.retryAll(
                    RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()),
                    "gateway " + uri + " responded " + status + ", busy");
            case 401, 403 -> SendOutcome.retryAll(null, "gateway " + uri + " responded " + status
                    + ": the token was rejected; check agent.gateway.token");
            default -> SendOutcome.retryAll(null, "gateway " + uri + " responded " + status + ": " + abbreviate(response.body()));
        };
    }

    /** Reads a 200 or 400 response. One that does not follow the contract keeps the batch for a retry. */
    private SendOutcome readResult(List<PendingEvent> batch, String body, boolean allFailed) {
        JsonNode result;
        try {
            result = TelemetryJson.mapper().readTree(body);
        } catch (IOException e) {
            result = null;
        }
        if (result == null || !result.isObject()) {
            return SendOutcome.retryAll(null, "gateway " + uri + " responded with invalid JSON: " + abbreviate(body));
        }
        JsonNode rejectedNode = result.get("rejected");
        if (rejectedNode != null && !rejectedNode.isArray() || allFailed && rejectedNode == null) {
            return SendOutcome.retryAll(null, "gateway " + uri + " responded without a rejected list: " + abbreviate(body));
        }

        List<SendOutcome.Rejection> rejected = new ArrayList<>();
        Set<String> rejectedIds = new HashSet<>();
        if (rejectedNode != null) {
            for (JsonNode item : rejectedNode) {
                int index = item.path("index").asInt(-1);
                if (index < 0 || index >= batch.size()) {
                    LOG.warn("Gateway {} rejected index {} of a batch of {} events; ignoring that entry", uri, index,
                            batch.size());
                    continue;
                }
                String id = batch.get(index).id();
                rejectedIds.add(id);
                rejected.add(new SendOutcome.Rejection(id, textOrNull(item.get("field")), textOrNull(item.get("reason"))));
            }
        }
        if (allFailed) {
            // 400 rejects every event of the batch, listed or not.
            for (PendingEvent event : batch) {
                if (rejectedIds.add(event.id())) {
                    rejected.add(new SendOutcome.Rejection(event.id(), null, "batch rejected with 400"));
                }
            }
        }

        List<String> acknowledged = new ArrayList<>();
        for (PendingEvent event : batch) {
            if (!rejectedIds.contains(event.id())) {
                acknowledged.add(event.id());
            }
        }
        // Clamped, so that a gateway that over-counts cannot make the accepted count go down.
        int duplicates = Math.max(0, Math.min(result.path("duplicates").asInt(0), acknowledged.size()));
        int accepted = result.path("accepted").asInt(0);
        if (!allFailed && accepted + duplicates != acknowledged.size()) {
            LOG.warn("Gateway {} counted {} accepted and {} duplicates for {} events it did not reject; the agent"
                    + " treats all {} as stored", uri, accepted, duplicates, acknowledged.size(), acknowledged.size());
        }
        return new SendOutcome(acknowledged, duplicates, rejected, false, null, false, null);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
