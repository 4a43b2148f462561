package dev.edgeplane.ingest.gateway.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's meters, named {@code edgeplane.ingest.*}. Tags stay low-cardinality: the endpoint
 * ({@code json}, {@code remote-write}), the event type, the reject code and the HTTP status; never
 * a node, source or event id. Thread-safe.
 */
public final class GatewayMetrics {

    /** Endpoint tag of the JSON batch endpoint. */
    public static final String JSON = "json";

    /** Endpoint tag of the Prometheus remote-write endpoint. */
    public static final String REMOTE_WRITE = "remote-write";

    private final MeterRegistry registry;
    private final Timer produceLatency;
    private final Counter unmappedSeries;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.produceLatency = Timer.builder("edgeplane.ingest.produce.latency")
                .description("Time from handing an event to the Kafka producer to its acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.unmappedSeries = Counter.builder("edgeplane.ingest.remote.write.series.unmapped")
                .description("Remote-write series that no mapping names, ignored")
                .register(registry);
    }

    /** Registers the gauge of events handed to the Kafka producer and not yet acknowledged. */
    public void registerBufferDepth(IntSupplier bufferDepth) {
        Gauge.builder("edgeplane.ingest.buffer.depth", bufferDepth::getAsInt)
                .description("Events handed to the Kafka producer and not yet acknowledged")
                .register(registry);
    }

    /**
     * Registers the count of event ids forgotten before the dedup window ended, which means the
     * window holds fewer ids than the traffic needs.
     */
    public void registerDedupEvictions(RecentEventIds ids) {
        FunctionCounter.builder("edgeplane.ingest.dedup.evicted.early", ids, RecentEventIds::evictedEarly)
                .description("Event ids forgotten before the dedup window ended because ingest.dedup.max.ids was"
                        + " reached; raise it if this grows")
                .register(registry);
        Gauge.builder("edgeplane.ingest.dedup.ids", ids, RecentEventIds::size)
                .description("Event ids remembered for dedup")
                .register(registry);
    }

    public void accepted(String endpoint, EventType type, int count) {
        registry.counter("edgeplane.ingest.events.accepted", "endpoint", endpoint, "type", type.wireName()).increment(count);
    }

    public void duplicates(String endpoint, int count) {
        registry.counter("edgeplane.ingest.events.duplicate", "endpoint", endpoint).increment(count);
    }

    public void rejected(String endpoint, RejectCode code) {
        registry.counter("edgeplane.ingest.events.rejected", "endpoint", endpoint, "reason", code.code()).increment();
    }

    public void request(String endpoint, int status) {
        registry.counter("edgeplane.ingest.requests", "endpoint", endpoint, "status", Integer.toString(status)).increment();
    }

    public void deadLetter(String outcome) {
        registry.counter("edgeplane.ingest.deadletters", "outcome", outcome).increment();
    }

    public void produceLatency(long nanos) {
        produceLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void unmappedSeries(int count) {
        unmappedSeries.increment(count);
    }
}
