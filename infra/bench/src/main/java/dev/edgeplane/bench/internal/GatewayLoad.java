package dev.edgeplane.bench.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgeplane.bench.BenchmarkException;

/**
 * Builds JSON telemetry batches of node-metrics events and posts them to an ingest gateway from
 * several sender threads, each sending its next batch when the previous one was answered, as edge
 * agents do. The bodies are built before the clock starts.
 */
public final class GatewayLoad {

    /** Name prefix of the sender threads. */
    public static final String SENDER_THREAD_PREFIX = "bench-gateway-sender-";

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    private GatewayLoad() {
    }

    /** Returns {@code batches} JSON bodies of {@code batchEvents} events each, with ids unique to {@code runId}. */
    public static List<String> bodies(String runId, int batches, int batchEvents, long eventTimeMs) {
        List<String> bodies = new ArrayList<>(batches);
        long sequence = 0;
        for (int batch = 0; batch < batches; batch++) {
            StringBuilder body = new StringBuilder(batchEvents * 300)
                    .append("{\"source\":{\"kind\":\"SIMULATOR\",\"id\":\"bench-").append(runId).append("\"},\"events\":[");
            for (int i = 0; i < batchEvents; i++) {
                if (i > 0) {
                    body.append(',');
                }
                sequence++;
                // Appends, not String.format, because building a million events that way takes seconds.
                long hundredths = sequence % 400;
                body.append("{\"type\":\"node-metrics\",\"id\":\"bench-").append(runId).append(':').append(sequence)
                        .append("\",\"node\":\"edge-").append(sequence % 1000).append("\",\"eventTime\":").append(eventTimeMs)
                        .append(",\"cpuUsedCores\":").append(hundredths / 100).append('.')
                        .append(hundredths % 100 < 10 ? "0" : "").append(hundredths % 100).append('0')
                        .append(",\"cpuCapacityCores\":4.0,\"memoryUsedBytes\":").append(1_000_000_000L + sequence % 1_000_000)
                        .append(",\"memoryCapacityBytes\":8589934592,\"rtBandwidthUsedCpus\":0.25,\"podCount\":")
                        .append(sequence % 40).append('}');
            }
            bodies.add(body.append("]}").toString());
        }
        return bodies;
    }

    /**
     * Posts every body once, spread over {@code senders} threads, and returns the elapsed time in
     * nanoseconds. Blocks until every batch was answered.
     *
     * @throws BenchmarkException if a batch was not fully accepted
     */
    public static long post(String url, List<String> bodies, int senders, int batchEvents) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders,
                runnable -> new Thread(runnable, SENDER_THREAD_PREFIX + threadNumber.incrementAndGet()));
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                running.add(pool.submit(() -> {
                    for (int index = next.getAndIncrement(); index < bodies.size(); index = next.getAndIncrement()) {
                        send(client, url, bodies.get(index), batchEvents);
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
            return System.nanoTime() - start;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("Interrupted while posting batches to " + url, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BenchmarkException("Posting batches to " + url + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void send(HttpClient client, String url, String body, int batchEvents) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher accepted = ACCEPTED.matcher(response.body());
        if (response.statusCode() != 200 || !accepted.find() || Integer.parseInt(accepted.group(1)) != batchEvents) {
            throw new BenchmarkException("The gateway responded with status " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())) + " instead of accepting all "
                    + batchEvents + " events");
        }
    }
}
