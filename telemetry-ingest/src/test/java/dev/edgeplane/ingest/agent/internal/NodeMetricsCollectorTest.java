package dev.edgeplane.ingest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMetricsCollectorTest {

    private static final long ONE_SECOND_NANOS = 1_000_000_000L;

    @TempDir
    Path root;

    private final AtomicLong nanos = new AtomicLong(5 * ONE_SECOND_NANOS);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);

    private NodeMetricsCollector collector(String cgroupPath, boolean rtScan) {
        return new NodeMetricsCollector("edge-7", "agent-edge-7", root.resolve("proc"), root.resolve("cgroup"), cgroupPath,
                "kubepods.slice", 100, rtScan, clock, nanos::get, meters);
    }

    /** Takes the baseline on node-2cpu, then reads node-2cpu-later one second later. */
    private NodeMetrics oneSecondLater(NodeMetricsCollector collector) throws IOException {
        assertThat(collector.collect()).isEmpty();
        AgentFixtures.copy("node-2cpu-later", root);
        nanos.addAndGet(ONE_SECOND_NANOS);
        return collector.collect().orElseThrow();
    }

    @Test
    void wholeNodeFromProcfs() throws IOException {
        AgentFixtures.copy("node-2cpu", root);

        NodeMetrics metrics = oneSecondLater(collector("", true));

        assertThat(metrics.getNode()).isEqualTo("edge-7");
        assertThat(metrics.getSource().getKind()).isEqualTo(SourceKind.EDGE_AGENT);
        assertThat(metrics.getEventTime()).isEqualTo(clock.instant());
        // 1000 ticks passed, 250 idle: 75 % of two CPUs.
        assertThat(metrics.getCpuUsedCores()).isCloseTo(1.5, within(1e-9));
        assertThat(metrics.getCpuCapacityCores()).isEqualTo(2.0);
        assertThat(metrics.getMemoryUsedBytes()).isEqualTo((8_000_000L - 5_500_000L) * 1024);
        assertThat(metrics.getMemoryCapacityBytes()).isEqualTo(8_000_000L * 1024);
        assertThat(metrics.getPodCount()).isEqualTo(3);
    }

    @Test
    void realtimeUseSumsFifoAndRrTasks() throws IOException {
        AgentFixtures.copy("node-2cpu", root);

        NodeMetrics metrics = oneSecondLater(collector("", true));

        // FIFO thread 50 ticks, RR process 25 ticks, at 100 ticks per second over one second; the
        // new task 400 has no earlier reading and the SCHED_OTHER tasks do not count.
        assertThat(metrics.getRtBandwidthUsedCpus()).isCloseTo(0.75, within(1e-9));
        assertThat(metrics.getRtBandwidthLimitCpus()).isCloseTo(1.9, within(1e-9));
        assertThat(meters.counter("edgeplane.agent.rt.scan.failures").count()).isZero();
    }

    @Test
    void realtimeScanOffReportsZero() throws IOException {
        AgentFixtures.copy("node-2cpu", root);

        NodeMetrics metrics = oneSecondLater(collector("", false));

        assertThat(metrics.getRtBandwidthUsedCpus()).isZero();
        assertThat(metrics.getRtBandwidthLimitCpus()).isNull();
    }

    @Test
    void unreadableTasksCountAsScanFailure() throws IOException {
        AgentFixtures.copy("node-2cpu", root);
        for (String process : new String[] {"1", "200", "300"}) {
            deleteTree(root.resolve("proc").resolve(process));
        }
        Files.delete(root.resolve("proc/sys/kernel/sched_rt_runtime_us"));
        NodeMetricsCollector collector = collector("", true);

        collector.collect();
        nanos.addAndGet(ONE_SECOND_NANOS);
        NodeMetrics metrics = collector.collect().orElseThrow();

        assertThat(metrics.getRtBandwidthUsedCpus()).isZero();
        assertThat(metrics.getRtBandwidthLimitCpus()).isNull();
        assertThat(meters.counter("edgeplane.agent.rt.scan.failures").count()).isEqualTo(2.0);
    }

    @Test
    void unlimitedRealtimeRuntimeAllowsEveryCpu() throws IOException {
        AgentFixtures.copy("node-2cpu", root);
        Files.writeString(root.resolve("proc/sys/kernel/sched_rt_runtime_us"), "-1\n");

        RtBandwidthReader reader = new RtBandwidthReader(root.resolve("proc"), 100);

        assertThat(reader.limitCpus(2)).isEqualTo(2.0);
    }

    @Test
    void hostRealtimeLimitAtMostCpus() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isReadable(proc.resolve("sys/kernel/sched_rt_period_us")),
                "this host has no /proc/sys/kernel/sched_rt_period_us to read");
        RtBandwidthReader reader = new RtBandwidthReader(proc, 100);

        Double limit = reader.limitCpus(2);

        // The kernel keeps sched_rt_runtime_us at most sched_rt_period_us, or -1 for no limit.
        assertThat(limit).isNotNull();
        assertThat(limit).isBetween(0.0, 2.0);
    }

    @Test
    void cgroupUseAndLimits() throws IOException {
        AgentFixtures.copy("node-2cpu", root);
        NodeMetricsCollector collector = collector("workload.slice", true);

        collector.collect();
        nanos.addAndGet(ONE_SECOND_NANOS);
        NodeMetrics unchanged = collector.collect().orElseThrow();

        assertThat(unchanged.getCpuUsedCores()).isZero();
        assertThat(unchanged.getCpuCapacityCores()).isEqualTo(1.5);
        assertThat(unchanged.getMemoryUsedBytes()).isEqualTo(3_000_000_000L - 500_000_000L);
        assertThat(unchanged.getMemoryCapacityBytes()).isEqualTo(4_000_000_000L);
    }

    @Test
    void cgroupUseOverOneSecond() throws IOException {
        AgentFixtures.copy("node-2cpu", root);

        NodeMetrics metrics = oneSecondLater(collector("workload.slice", true));

        // 0.8 CPU seconds in one second; the later tree lifts both limits.
        assertThat(metrics.getCpuUsedCores()).isCloseTo(0.8, within(1e-9));
        assertThat(metrics.getCpuCapacityCores()).isEqualTo(2.0);
        assertThat(metrics.getMemoryUsedBytes()).isEqualTo(3_100_000_000L - 600_000_000L);
        assertThat(metrics.getMemoryCapacityBytes()).isEqualTo(8_000_000L * 1024);
    }

    @Test
    void missingPodsCgroupCountsNoPods() throws IOException {
        AgentFixtures.copy("node-2cpu", root);
        deleteTree(root.resolve("cgroup/kubepods.slice"));

        NodeMetrics metrics = oneSecondLater(collector("", true));

        assertThat(metrics.getPodCount()).isZero();
    }

    @Test
    void missingProcStatFails() throws IOException {
        AgentFixtures.copy("node-2cpu", root);
        Files.delete(root.resolve("proc/stat"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> collector("", true).collect())
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("stat");
    }

    private static void deleteTree(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
