package dev.edgeplane.ingest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProcParsersTest {

    private static String read(String relative) throws IOException {
        return Files.readString(AgentFixtures.fixture("node-2cpu").resolve(relative));
    }

    @Test
    void procStatSumsTicksAndCountsCpus() throws IOException {
        ProcParsers.CpuTimes times = ProcParsers.parseProcStat(read("proc/stat"));

        assertThat(times.totalTicks()).isEqualTo(10_000 + 200 + 3_000 + 80_000 + 500 + 100);
        assertThat(times.idleTicks()).isEqualTo(80_500);
        assertThat(times.cpus()).isEqualTo(2);
    }

    @Test
    void procStatWithoutCpuLineIsRejected() {
        assertThatThrownBy(() -> ProcParsers.parseProcStat("intr 1 2 3\nctxt 5\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/proc/stat");
        assertThatThrownBy(() -> ProcParsers.parseProcStat("cpu  1 2 x 4 5 6 7 8\ncpu0 1 2 3 4 5 6 7 8\n"))
                .hasMessageContaining("'x' is not a whole number");
    }

    @Test
    void meminfoConvertsKibibytes() throws IOException {
        ProcParsers.Meminfo memory = ProcParsers.parseMeminfo(read("proc/meminfo"));

        assertThat(memory.totalBytes()).isEqualTo(8_000_000L * 1024);
        assertThat(memory.availableBytes()).isEqualTo(6_000_000L * 1024);
    }

    @Test
    void meminfoWithoutAvailableIsRejected() {
        assertThatThrownBy(() -> ProcParsers.parseMeminfo("MemTotal: 100 kB\nMemFree: 50 kB\n"))
                .hasMessageContaining("MemAvailable");
    }

    @Test
    void taskStatCountsFieldsFromLastParenthesis() throws IOException {
        ProcParsers.TaskStat fifo = ProcParsers.parseTaskStat(read("proc/200/task/201/stat"));
        ProcParsers.TaskStat normal = ProcParsers.parseTaskStat(read("proc/200/task/200/stat"));
        ProcParsers.TaskStat roundRobin = ProcParsers.parseTaskStat(read("proc/300/task/300/stat"));

        assertThat(fifo.policy()).isEqualTo(ProcParsers.SCHED_FIFO);
        assertThat(fifo.cpuTicks()).isEqualTo(1_200);
        assertThat(fifo.realtime()).isTrue();
        assertThat(normal.realtime()).isFalse();
        assertThat(roundRobin.policy()).isEqualTo(ProcParsers.SCHED_RR);
        assertThat(roundRobin.cpuTicks()).isEqualTo(400);
    }

    @Test
    void truncatedTaskStatIsRejected() {
        assertThatThrownBy(() -> ProcParsers.parseTaskStat("12 (sh) S 1 12 12 0 -1"))
                .hasMessageContaining("expected at least 41");
    }

    @Test
    void cgroupFilesParse() throws IOException {
        Path cgroup = Path.of("cgroup", "workload.slice");

        assertThat(ProcParsers.parseCpuStatUsageMicros(read(cgroup.resolve("cpu.stat").toString()))).isEqualTo(5_000_000);
        assertThat(ProcParsers.parseCpuMaxCores(read(cgroup.resolve("cpu.max").toString())).getAsDouble()).isEqualTo(1.5);
        assertThat(ProcParsers.parseCpuMaxCores("max 100000\n")).isEmpty();
        assertThat(ProcParsers.parseLimitOrValue("memory.max", "max\n")).isEmpty();
        assertThat(ProcParsers.parseLimitOrValue("memory.current", read(cgroup.resolve("memory.current").toString()))
                .getAsLong()).isEqualTo(3_000_000_000L);
        assertThat(ProcParsers.keyedValue("memory.stat", read(cgroup.resolve("memory.stat").toString()), "inactive_file")
                .getAsLong()).isEqualTo(500_000_000L);
    }

    @Test
    void invalidCpuMaxIsRejected() {
        assertThatThrownBy(() -> ProcParsers.parseCpuMaxCores("150000"))
                .hasMessageContaining("expected 'QUOTA PERIOD'");
        assertThatThrownBy(() -> ProcParsers.parseCpuMaxCores("150000 0"))
                .hasMessageContaining("not positive");
    }
}
