package dev.edgeplane.anomaly.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds telemetry into tumbling windows per record key and emits each window as a
 * {@link ClosedWindow} once stream time passes its end plus grace. Node telemetry uses it for its
 * panes and also forwards every sample, after the panes that the sample closed, because node health
 * checks liveness on the samples. Replica telemetry forwards the closed windows only.
 *
 * <p>This replaces Kafka Streams' windowed aggregate with {@code suppress(untilWindowCloses)},
 * which cost more on every closed window: the record cache of the window store held the window
 * until the next commit, and the suppression buffer wrote it to its changelog twice (put and
 * delete). Here a window closes on the record that moves stream time past its end plus grace,
 * inside the same transaction.
 *
 * <p>State: one entry per key and open window ({@code key/windowStart}, the window's aggregate) in
 * a logged, cached store, written on every record and deleted when the window closes, so that the
 * exactly-once changelog restores the open windows after a restart. The entries are mirrored in
 * memory, read once when the task starts, so a record costs one store write and no read. Stream time
 * is the highest timestamp this task has seen since it started. The {@link TelemetryGate} in front
 * keeps the stored one and drops every record whose window has closed. After a restart the first
 * record moves stream time again, and every window that was due before the restart was closed and
 * deleted in the transaction of the record that made it due.
 *
 * <p>Windows close in order of their end, and the windows of one end in order of key, so a replay
 * of the same input emits the same sequence whatever the restarts were. One instance per task, on
 * its stream thread.
 *
 * @param <V> the telemetry record type
 * @param <A> the aggregate type, an Avro record that the store's serde writes
 */
public final class TumblingWindowAggregator<V, A> implements Processor<String, V, String, Object> {

    private static final char KEY_SEPARATOR = '/';

    private final String storeName;
    private final long sizeMs;
    private final long graceMs;
    private final Supplier<A> empty;
    private final BiFunction<V, A, A> add;
    private final boolean forwardRecords;
    // Open windows by record key and window start; a key's map is removed when its last window closes.
    private final Map<String, NavigableMap<Long, A>> openWindows = new HashMap<>();
    // Keys with an open window, by window end, so that closing takes the due ends in order.
    private final NavigableMap<Long, TreeSet<String>> keysByWindowEnd = new TreeMap<>();

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, A> store;
    private long streamTime = Long.MIN_VALUE;

    /**
     * @param storeName the store of open windows, keyed by {@code key/windowStart}
     * @param sizeMs window size in milliseconds
     * @param graceMs how long after its end a window still accepts records, in milliseconds of stream time
     * @param empty returns a new empty aggregate
     * @param add adds a record to an aggregate, in place or not, and returns the aggregate
     * @param forwardRecords whether every input record is forwarded too, after the windows it closed
     */
    public TumblingWindowAggregator(String storeName, long sizeMs, long graceMs, Supplier<A> empty,
            BiFunction<V, A, A> add, boolean forwardRecords) {
        if (sizeMs <= 0 || graceMs < 0) {
            throw new IllegalArgumentException("Invalid window size " + sizeMs + " ms or grace " + graceMs
                    + " ms: the size must be positive and the grace zero or more.");
        }
        this.storeName = storeName;
        this.sizeMs = sizeMs;
        this.graceMs = graceMs;
        this.empty = empty;
        this.add = add;
        this.forwardRecords = forwardRecords;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        openWindows.clear();
        keysByWindowEnd.clear();
        streamTime = Long.MIN_VALUE;
        try (KeyValueIterator<String, A> all = store.all()) {
            all.forEachRemaining(entry -> {
                int separator = entry.key.lastIndexOf(KEY_SEPARATOR);
                track(entry.key.substring(0, separator), Long.parseLong(entry.key.substring(separator + 1)),
                        entry.value);
            });
        }
    }

    @Override
    public void process(Record<String, V> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        long timestamp = record.timestamp();
        long start = Math.floorDiv(timestamp, sizeMs) * sizeMs;
        NavigableMap<Long, A> windows = openWindows.get(key);
        A open = windows == null ? null : windows.get(start);
        A aggregate = add.apply(record.value(), open == null ? empty.get() : open);
        if (open == null) {
            track(key, start, aggregate);
        } else if (aggregate != open) {
            windows.put(start, aggregate);
        }
        store.put(storeKey(key, start), aggregate);
        if (timestamp > streamTime) {
            streamTime = timestamp;
            closeDueWindows();
        }
        if (forwardRecords) {
            context.forward(record.withValue((Object) record.value()));
        }
    }

    private void track(String key, long start, A aggregate) {
        openWindows.computeIfAbsent(key, k -> new TreeMap<>()).put(start, aggregate);
        keysByWindowEnd.computeIfAbsent(start + sizeMs, end -> new TreeSet<>()).add(key);
    }

    /** Emits and removes every open window whose end plus grace is at or before stream time. */
    private void closeDueWindows() {
        while (!keysByWindowEnd.isEmpty() && keysByWindowEnd.firstKey() + graceMs <= streamTime) {
            Map.Entry<Long, TreeSet<String>> due = keysByWindowEnd.pollFirstEntry();
            long end = due.getKey();
            long start = end - sizeMs;
            for (String key : due.getValue()) {
                NavigableMap<Long, A> windows = openWindows.get(key);
                A aggregate = windows.remove(start);
                if (windows.isEmpty()) {
                    openWindows.remove(key);
                }
                store.delete(storeKey(key, start));
                context.forward(new Record<>(key, new ClosedWindow<>(start, end, aggregate), end - 1));
            }
        }
    }

    private static String storeKey(String key, long windowStart) {
        return key + KEY_SEPARATOR + windowStart;
    }
}
