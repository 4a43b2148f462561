package dev.edgeplane.demo.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import dev.edgeplane.event.lb.ServiceWeights;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends real HTTP requests to one service at a fixed rate, as clients on one node would, and
 * measures them. Each request goes to an endpoint picked by {@link EndpointPicker} from the
 * current weights of {@code namespace/service@clientNode}, or uniformly among the ready endpoints
 * while no weights exist. Requests leave at fixed intervals however long the responses take (an
 * open loop), so a slow endpoint cannot slow the load down and hide its own delay.
 *
 * <p>Threads: one scheduler thread sends requests and closes buckets; the HTTP client's threads
 * record responses. Recording holds the read side of a lock and closing a bucket the write side,
 * so no response falls between two buckets. The caller closes the generator.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

    /** Counts of the bucket being filled. */
    private static final class OpenBucket {
        final Instant start;
        final LongAdder sent = new LongAdder();
        final LongAdder weighted = new LongAdder();
        final LongAdder uniform = new LongAdder();
        final LongAdder unroutable = new LongAdder();
        final LongAdder responses = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<String, LongAdder> sentPerEndpoint = new ConcurrentHashMap<>();
        final ConcurrentHistogram responseTimes = new ConcurrentHistogram(3);

        OpenBucket(Instant start) {
            this.start = start;
        }
    }

    private final LoadSettings settings;
    private final WeightsSource weights;
    private final EndpointSource endpoints;
    private final EndpointPicker picker;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService scheduler;
    private final ReadWriteLock bucketLock = new ReentrantReadWriteLock();
    private final List<LoadBucket> closed = new CopyOnWriteArrayList<>();
    private final List<Consumer<LoadBucket>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private OpenBucket open;
    private boolean stopped;

    private LoadGenerator(LoadSettings settings, WeightsSource weights, EndpointSource endpoints, RandomGenerator random,
            Clock clock) {
        this.settings = settings;
        this.weights = weights;
        this.endpoints = endpoints;
        this.picker = new EndpointPicker(random);
        this.clock = clock;
        this.httpThreads = Executors.newFixedThreadPool(4, daemon("load-generator-http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .executor(httpThreads)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("load-generator"));
    }

    /**
     * Starts sending. Returns at once.
     *
     * @param random picks the endpoints; a seeded generator makes the picks repeatable
     */
    public static LoadGenerator start(LoadSettings settings, WeightsSource weights, EndpointSource endpoints,
            RandomGenerator random, Clock clock) {
        LoadGenerator generator = new LoadGenerator(settings, weights, endpoints, random, clock);
        generator.open = new OpenBucket(clock.instant());
        long periodNanos = Math.max(1, (long) (1_000_000_000L / settings.requestsPerSecond()));
        generator.scheduler.scheduleAtFixedRate(generator::sendOne, 0, periodNanos, TimeUnit.NANOSECONDS);
        long bucketMillis = settings.bucket().toMillis();
        generator.scheduler.scheduleAtFixedRate(generator::rotate, bucketMillis, bucketMillis, TimeUnit.MILLISECONDS);
        log.info("Load generator sends {} requests/s to {}/{} from node {}", settings.requestsPerSecond(),
                settings.namespace(), settings.service(), settings.clientNode());
        return generator;
    }

    /** Registers a listener called with each bucket as it closes, on the generator's scheduler thread. */
    public void addBucketListener(Consumer<LoadBucket> listener) {
        listeners.add(listener);
    }

    /** Returns the buckets closed so far. */
    public LoadReport report() {
        return new LoadReport(new ArrayList<>(closed));
    }

    /** Returns the number of requests sent whose response has not arrived. */
    public int inFlight() {
        return inFlight.get();
    }

    private void sendOne() {
        try {
            ServiceWeights current = weights.weightsFor(settings.namespace(), settings.service(), settings.clientNode())
                    .orElse(null);
            EndpointPicker.Pick pick = picker.pick(current,
                    endpoints.readyEndpoints(settings.namespace(), settings.service()));
            bucketLock.readLock().lock();
            try {
                if (pick == null) {
                    open.unroutable.increment();
                    return;
                }
                open.sent.increment();
                (pick.mode() == EndpointPicker.Mode.WEIGHTED ? open.weighted : open.uniform).increment();
                open.sentPerEndpoint.computeIfAbsent(pick.endpoint(), e -> new LongAdder()).increment();
            } finally {
                bucketLock.readLock().unlock();
            }
            send(pick.endpoint());
        } catch (RuntimeException e) {
            // A failed send must not cancel the fixed-rate task, which would stop all load.
            log.warn("Load generator failed to send a request to {}/{}: {}", settings.namespace(), settings.service(),
                    e.toString());
        }
    }

    private void send(String endpoint) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"))
                .timeout(settings.requestTimeout())
                .GET()
                .build();
        long startNanos = System.nanoTime();
        inFlight.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            inFlight.decrementAndGet();
            long micros = Math.max(1, (System.nanoTime() - startNanos) / 1000);
            bucketLock.readLock().lock();
            try {
                if (response != null) {
                    open.responses.increment();
                    open.responseTimes.recordValue(micros);
                }
                if (error != null || response.statusCode() >= 500) {
                    open.errors.increment();
                }
            } finally {
                bucketLock.readLock().unlock();
            }
        });
    }

    private void rotate() {
        LoadBucket bucket;
        bucketLock.writeLock().lock();
        try {
            bucket = close(open, clock.instant());
            open = new OpenBucket(bucket.end());
        } finally {
            bucketLock.writeLock().unlock();
        }
        closed.add(bucket);
        for (Consumer<LoadBucket> listener : listeners) {
            try {
                listener.accept(bucket);
            } catch (RuntimeException e) {
                log.warn("Load bucket listener failed: {}", e.toString());
            }
        }
    }

    private static LoadBucket close(OpenBucket bucket, Instant end) {
        Map<String, Long> perEndpoint = new HashMap<>();
        bucket.sentPerEndpoint.forEach((endpoint, count) -> perEndpoint.put(endpoint, count.sum()));
        Histogram copy = new Histogram(3);
        copy.add(bucket.responseTimes);
        return new LoadBucket(bucket.start, end, bucket.sent.sum(), bucket.weighted.sum(), bucket.uniform.sum(),
                bucket.unroutable.sum(), bucket.responses.sum(), bucket.errors.sum(), perEndpoint, copy);
    }

    /**
     * Stops sending, waits up to the request timeout for the responses in flight, and closes the last
     * bucket. Blocks; safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rotate();
        httpThreads.shutdownNow();
        log.info("Load generator stopped after {} requests", report().totalSent());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
