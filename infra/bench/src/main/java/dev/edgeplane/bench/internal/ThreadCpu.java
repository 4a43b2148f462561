package dev.edgeplane.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of the JVM's threads, taken as snapshots and summed by a caller-given grouping of
 * thread names. Only threads alive at the later snapshot count, so the measured code must keep its
 * threads until then. Garbage collection runs on VM threads that {@link ThreadMXBean} does not
 * list, so its CPU time is not included. Not thread-safe; a snapshot is immutable.
 */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds and name per live thread id, at one instant. */
    public record Snapshot(Map<Long, Long> cpuNanos, Map<Long, String> names) {
    }

    private ThreadCpu() {
    }

    /** Returns the CPU time used so far by every live thread. */
    public static Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long nanos = THREADS.getThreadCpuTime(thread.getId());
            if (nanos >= 0) {
                cpu.put(thread.getId(), nanos);
                names.put(thread.getId(), thread.getName());
            }
        }
        return new Snapshot(cpu, names);
    }

    /**
     * Returns the CPU nanoseconds each group used between {@code before} and now; {@code group}
     * maps a thread name to its group. A thread started after {@code before} counts from zero.
     */
    public static Map<String, Long> since(Snapshot before, Function<String, String> group) {
        Snapshot now = snapshot();
        Map<String, Long> byGroup = new HashMap<>();
        now.cpuNanos().forEach((id, nanos) -> byGroup.merge(group.apply(now.names().get(id)),
                nanos - before.cpuNanos().getOrDefault(id, 0L), Long::sum));
        return byGroup;
    }

    /** Returns whether CPU time per thread can be measured in this JVM. */
    public static boolean supported() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }
}
