package dev.edgeplane.ingest.agent.internal;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.ingest.agent.ReplicaTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the replicas on the agent's node with HTTP GET requests and summarizes each interval as
 * one {@link ReplicaMetrics} event per replica.
 *
 * <p>The figures describe the agent's probe requests, not the replica's user traffic: request
 * rate counts probe requests that ended (with or without a response) per second; error rate
 * counts those that got no response, timed out, or got a status of 400 or more; percentiles are
 * over the response times of requests that got any response. {@code serviceMetrics} stays empty.
 *
 * <p>{@link #probeAll} and {@link #report} may be called from different threads; responses are
 * recorded on the HTTP client's threads.
 */
public final class ReplicaProber {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaProber.class);

    private final String node;
    private final TelemetrySource source;
    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;
    private final Map<ReplicaTarget, ResponseWindow> windows = new LinkedHashMap<>();
    private Instant intervalStart;

    /** Creates a prober; the caller owns {@code client}. */
    public ReplicaProber(String node, String agentId, List<ReplicaTarget> replicas, HttpClient client,
            Duration timeout, Clock clock) {
        this.node = node;
        this.source = new TelemetrySource(SourceKind.EDGE_AGENT, agentId);
        this.client = client;
        this.timeout = timeout;
        this.clock = clock;
        for (ReplicaTarget replica : replicas) {
            windows.put(replica, new ResponseWindow());
        }
        this.intervalStart = clock.instant();
    }

    /** Starts one GET request per replica and returns at once; the responses are recorded as they arrive. */
    public void probeAll() {
        for (Map.Entry<ReplicaTarget, ResponseWindow> entry : windows.entrySet()) {
            probe(entry.getKey(), entry.getValue());
        }
    }

    private void probe(ReplicaTarget replica, ResponseWindow window) {
        HttpRequest request = HttpRequest.newBuilder(replica.url()).timeout(timeout).GET().build();
        window.started();
        long start = System.nanoTime();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                window.failedWithoutResponse();
                LOG.debug("Probe of replica {} at {} failed: {}", replica.key(), replica.url(), error.toString());
            } else {
                window.responded((System.nanoTime() - start) / 1e6, response.statusCode() >= 400);
            }
        });
    }

    /** Returns the number of probe requests still waiting for a response, over all replicas. */
    public int inFlight() {
        return windows.values().stream().mapToInt(ResponseWindow::inFlight).sum();
    }

    /** Returns one event per replica for the interval since the previous call, and starts a new interval. */
    public synchronized List<ReplicaMetrics> report() {
        Instant now = clock.instant();
        long intervalMs = Math.max(1, Duration.between(intervalStart, now).toMillis());
        intervalStart = now;
        double seconds = intervalMs / 1_000.0;

        List<ReplicaMetrics> events = new ArrayList<>(windows.size());
        for (Map.Entry<ReplicaTarget, ResponseWindow> entry : windows.entrySet()) {
            ReplicaTarget replica = entry.getKey();
            ResponseWindow.Snapshot snapshot = entry.getValue().drain();
            events.add(ReplicaMetrics.newBuilder()
                    .setNamespace(replica.namespace())
                    .setPod(replica.pod())
                    .setFogService(replica.fogService())
                    .setNode(node)
                    .setEventTime(now)
                    .setReceiveTime(now)
                    .setSource(source)
                    .setIntervalMs(intervalMs)
                    .setLatencyP50Ms(snapshot.percentile(0.50))
                    .setLatencyP95Ms(snapshot.percentile(0.95))
                    .setLatencyP99Ms(snapshot.percentile(0.99))
                    .setRequestRate(snapshot.ended() / seconds)
                    .setErrorRate(snapshot.failed() / seconds)
                    // NOTE: the agent starts the report and probe timers together. When the report interval
                    // is a multiple of the probe interval, this count can include the probe started at the
                    // same instant, however fast the replica is, as it did in every report of the testbed's
                    // runs. A mean over the interval would suit readers that apply Little's law.
                    .setInFlight(snapshot.inFlight())
                    .setServiceMetrics(Map.of())
                    .build());
        }
        return events;
    }
}
