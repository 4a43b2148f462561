package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the real-time CPU bandwidth of a node from procfs.
 *
 * <p>Limit: {@code cpus × sched_rt_runtime_us / sched_rt_period_us} from /proc/sys/kernel, in
 * CPUs; a runtime of -1 disables real-time throttling, so the limit is {@code cpus}.
 *
 * <p>Use: SCHED_FIFO and SCHED_RR tasks reserve no runtime/period of their own, so the agent
 * measures what real-time tasks (FIFO, RR and DEADLINE) consumed instead: the sum over those
 * tasks of their user plus system CPU time between two scans, divided by the wall time between
 * the scans, in CPUs. A task counts only when it was real-time in both scans, so a task that
 * started, ended or changed policy in between is left out of that interval.
 *
 * <p>Not thread-safe: one collector thread calls it.
 */
public final class RtBandwidthReader {

    private static final Logger LOG = LoggerFactory.getLogger(RtBandwidthReader.class);

    private final Path procRoot;
    private final int ticksPerSecond;
    private Map<String, Long> previousTicks;

    public RtBandwidthReader(Path procRoot, int ticksPerSecond) {
        this.procRoot = procRoot;
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Returns the real-time bandwidth limit in CPUs, or null when the sched_rt files cannot be read
     * or hold invalid values (logged at DEBUG, since containers often hide them).
     */
    public Double limitCpus(int cpus) {
        Path kernel = procRoot.resolve("sys").resolve("kernel");
        try {
            long runtime = Long.parseLong(readSysctl(kernel.resolve("sched_rt_runtime_us")));
            long period = Long.parseLong(readSysctl(kernel.resolve("sched_rt_period_us")));
            if (runtime == -1) {
                return (double) cpus;
            }
            if (period <= 0 || runtime < 0) {
                LOG.debug("sched_rt_runtime_us {} or sched_rt_period_us {} is invalid; no real-time limit reported",
                        runtime, period);
                return null;
            }
            return cpus * (double) runtime / period;
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Cannot read the real-time limit under {}: {}", kernel, e.toString());
            return null;
        }
    }

    /**
     * Reads a sysctl file in one read call. Linux returns end of file for a read of an integer
     * sysctl at a non-zero offset. JDK 17's {@code Files.readString} reads a file of size 0 one byte
     * first, so it returned "9" for "950000" and the limit came out nine times the CPU count.
     */
    private static String readSysctl(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64];
            int length = in.read(buffer);
            return length <= 0 ? "" : new String(buffer, 0, length, StandardCharsets.US_ASCII).trim();
        }
    }

    /**
     * Scans every task and returns the CPUs that real-time tasks used since the previous scan, or
     * 0.0 on the first scan.
     *
     * @param elapsedNanos wall time since the previous scan
     * @throws IOException if the task folders cannot be listed at all
     */
    public double usedCpus(long elapsedNanos) throws IOException {
        Map<String, Long> current = scanRealtimeTasks();
        double used = 0.0;
        if (previousTicks != null && elapsedNanos > 0) {
            long ticks = 0;
            for (Map.Entry<String, Long> task : current.entrySet()) {
                Long before = previousTicks.get(task.getKey());
                if (before != null && task.getValue() >= before) {
                    ticks += task.getValue() - before;
                }
            }
            used = (double) ticks / ticksPerSecond / (elapsedNanos / 1e9);
        }
        previousTicks = current;
        return used;
    }

    /** Returns CPU ticks by PID/TID of every task that runs under a real-time policy now. */
    private Map<String, Long> scanRealtimeTasks() throws IOException {
        Map<String, Long> realtime = new HashMap<>();
        boolean anyProcess = false;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(procRoot, ProcFolders::isNumeric)) {
            for (Path process : processes) {
                anyProcess = true;
                scanProcess(process, realtime);
            }
        }
        if (!anyProcess) {
            throw new IOException("no process folders under " + procRoot);
        }
        return realtime;
    }

    private void scanProcess(Path process, Map<String, Long> realtime) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"), ProcFolders::isNumeric)) {
            for (Path task : tasks) {
                ProcParsers.TaskStat stat;
                try {
                    stat = ProcParsers.parseTaskStat(Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // The task ended between listing and reading: it has no interval to report.
                    continue;
                }
                if (stat.realtime()) {
                    realtime.put(process.getFileName() + "/" + task.getFileName(), stat.cpuTicks());
                }
            }
        } catch (IOException e) {
            // The process ended between listing and reading.
            LOG.trace("Process {} ended during the scan: {}", process, e.toString());
        }
    }
}
