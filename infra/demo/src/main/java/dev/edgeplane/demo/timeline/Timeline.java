package dev.edgeplane.demo.timeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one run, in the order they were recorded, with listeners that see each as it
 * arrives. Thread-safe: any thread records, listeners run on the recording thread.
 */
public final class Timeline {

    private static final Logger log = LoggerFactory.getLogger(Timeline.class);

    private final Clock clock;
    private final Instant started;
    private final List<TimelineEvent> events = new ArrayList<>();
    private final List<Consumer<TimelineEvent>> listeners = new CopyOnWriteArrayList<>();

    public Timeline(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Returns when the timeline was created, the origin of relative times. */
    public Instant started() {
        return started;
    }

    public Clock clock() {
        return clock;
    }

    /** Records an event that happens now. */
    public TimelineEvent record(EventKind kind, String subject, String node, String detail, String message) {
        return record(new TimelineEvent(clock.instant(), kind, subject, node, detail, message));
    }

    /** Records an event with its own time, such as the time a Kafka record carries. */
    public TimelineEvent record(TimelineEvent event) {
        synchronized (events) {
            events.add(event);
        }
        for (Consumer<TimelineEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("Timeline listener failed on {} {}: {}", event.kind(), event.subject(), e.toString());
            }
        }
        return event;
    }

    /** Registers a listener for events recorded from now on. */
    public void addListener(Consumer<TimelineEvent> listener) {
        listeners.add(listener);
    }

    /** Returns every event, ordered by time. */
    public List<TimelineEvent> events() {
        List<TimelineEvent> copy;
        synchronized (events) {
            copy = new ArrayList<>(events);
        }
        copy.sort(Comparator.comparing(TimelineEvent::time));
        return copy;
    }

    /** Returns the earliest event of {@code kind} at or after {@code from} that matches. */
    public Optional<TimelineEvent> first(EventKind kind, Instant from, Predicate<TimelineEvent> filter) {
        return events().stream()
                .filter(e -> e.kind() == kind && !e.time().isBefore(from) && filter.test(e))
                .findFirst();
    }
}
