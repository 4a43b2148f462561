package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link NodeMetrics} from procfs and cgroup v2, as differences between two readings.
 *
 * <p>Without a cgroup path: CPU in use is {@code cpus × (1 − Δidle / Δtotal)} from /proc/stat,
 * memory in use is MemTotal − MemAvailable, and capacities are the CPU count and MemTotal. With a
 * cgroup path: CPU in use is Δusage_usec of its cpu.stat over the wall time. Memory in use is
 * memory.current minus inactive_file of memory.stat, the working set as the kubelet counts it.
 * Capacities are the node's, capped by cpu.max and memory.max.
 *
 * <p>Not thread-safe: one collector thread calls it.
 */
public final class NodeMetricsCollector {

    private static final Logger LOG = LoggerFactory.getLogger(NodeMetricsCollector.class);

    private final String node;
    private final TelemetrySource source;
    private final Path procRoot;
    private final Path cgroup;
    private final PodCounter pods;
    private final RtBandwidthReader rt;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Counter rtScanFailures;

    private ProcParsers.CpuTimes previousCpu;
    private long previousCgroupUsageMicros;
    private long previousNanos;
    private boolean rtFailureLogged;

    /**
     * @param cgroupPath     cgroup whose use counts as the node's, relative to {@code cgroupRoot}, or
     *                       empty for the whole node
     * @param podsCgroupPath parent cgroup of the pods, relative to {@code cgroupRoot}, or empty
     * @param rtScan         whether to scan tasks for real-time CPU use; when false it is 0
     */
    public NodeMetricsCollector(String node, String agentId, Path procRoot, Path cgroupRoot, String cgroupPath,
            String podsCgroupPath, int ticksPerSecond, boolean rtScan, Clock clock, LongSupplier nanoTime,
            MeterRegistry meters) {
        this.node = node;
        this.source = new TelemetrySource(SourceKind.EDGE_AGENT, agentId);
        this.procRoot = procRoot;
        this.cgroup = cgroupPath.isEmpty() ? null : cgroupRoot.resolve(cgroupPath);
        this.pods = new PodCounter(podsCgroupPath.isEmpty() ? null : cgroupRoot.resolve(podsCgroupPath));
        this.rt = rtScan ? new RtBandwidthReader(procRoot, ticksPerSecond) : null;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.rtScanFailures = meters.counter("edgeplane.agent.rt.scan.failures");
    }

    /**
     * Reads the files and returns the node's metrics since the previous call, or empty on the
     * first call, which only takes the baseline. Blocks on file reads.
     *
     * @throws IOException if /proc/stat, /proc/meminfo or a file of the configured cgroup cannot be read
     * @throws IllegalArgumentException if one of those files has an unexpected layout
     */
    public Optional<NodeMetrics> collect() throws IOException {
        long nanos = nanoTime.getAsLong();
        ProcParsers.CpuTimes cpu = ProcParsers.parseProcStat(read(procRoot.resolve("stat")));
        ProcParsers.Meminfo memory = ProcParsers.parseMeminfo(read(procRoot.resolve("meminfo")));
        long cgroupUsage = cgroup == null ? 0 : ProcParsers.parseCpuStatUsageMicros(read(cgroup.resolve("cpu.stat")));
        double rtUsed = realtimeUsedCpus(nanos - previousNanos);

        boolean first = previousCpu == null;
        long elapsedNanos = nanos - previousNanos;
        ProcParsers.CpuTimes before = previousCpu;
        long cgroupBefore = previousCgroupUsageMicros;
        previousCpu = cpu;
        previousCgroupUsageMicros = cgroupUsage;
        previousNanos = nanos;
        if (first || elapsedNanos <= 0) {
            return Optional.empty();
        }

        double cpuUsed;
        double cpuCapacity = cpu.cpus();
        long memoryUsed;
        long memoryCapacity = memory.totalBytes();
        if (cgroup == null) {
            long total = cpu.totalTicks() - before.totalTicks();
            long idle = cpu.idleTicks() - before.idleTicks();
            cpuUsed = total <= 0 ? 0.0 : cpu.cpus() * (double) (total - idle) / total;
            memoryUsed = memory.totalBytes() - memory.availableBytes();
        } else {
            cpuUsed = Math.max(0, cgroupUsage - cgroupBefore) / (elapsedNanos / 1_000.0);
            OptionalDouble quota = ProcParsers.parseCpuMaxCores(read(cgroup.resolve("cpu.max")));
            if (quota.isPresent()) {
                cpuCapacity = Math.min(cpuCapacity, quota.getAsDouble());
            }
            memoryUsed = workingSetBytes();
            OptionalLong memoryMax = ProcParsers.parseLimitOrValue("memory.max", read(cgroup.resolve("memory.max")));
            if (memoryMax.isPresent()) {
                memoryCapacity = Math.min(memoryCapacity, memoryMax.getAsLong());
            }
        }

        Instant now = clock.instant();
        return Optional.of(NodeMetrics.newBuilder()
                .setNode(node)
                .setEventTime(now)
                .setReceiveTime(now)
                .setSource(source)
                .setCpuUsedCores(cpuUsed)
                .setCpuCapacityCores(cpuCapacity)
                .setMemoryUsedBytes(memoryUsed)
                .setMemoryCapacityBytes(memoryCapacity)
                .setRtBandwidthUsedCpus(rtUsed)
                .setRtBandwidthLimitCpus(rt == null ? null : rt.limitCpus(cpu.cpus()))
                .setPodCount(pods.count())
                .build());
    }

    private long workingSetBytes() throws IOException {
        long current = ProcParsers.parseLimitOrValue("memory.current", read(cgroup.resolve("memory.current")))
                .orElseThrow(() -> new IllegalArgumentException("memory.current of " + cgroup + " reads 'max'"));
        Path stat = cgroup.resolve("memory.stat");
        long inactiveFile = Files.exists(stat)
                ? ProcParsers.keyedValue("memory.stat", read(stat), "inactive_file").orElse(0)
                : 0;
        return Math.max(0, current - inactiveFile);
    }

    /**
     * Returns the CPUs real-time tasks used. When the tasks cannot be scanned it returns 0.0,
     * counts {@code edgeplane.agent.rt.scan.failures} and logs one WARN, since the event field
     * has no null.
     */
    private double realtimeUsedCpus(long elapsedNanos) {
        if (rt == null) {
            return 0.0;
        }
        try {
            return rt.usedCpus(elapsedNanos);
        } catch (IOException e) {
            rtScanFailures.increment();
            if (!rtFailureLogged) {
                rtFailureLogged = true;
                LOG.warn("Cannot scan the tasks under {} for real-time CPU use: {}. Node {} reports 0 real-time CPUs in"
                        + " use until the scan works; mount the host's /proc or set agent.rt.scan.enabled=false",
                        procRoot, e.toString(), node);
            }
            return 0.0;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
