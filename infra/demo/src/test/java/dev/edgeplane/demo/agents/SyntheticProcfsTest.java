package dev.edgeplane.demo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticProcfsTest {

    @TempDir
    Path dir;

    @Test
    void countersAdvanceAtTheGivenShare() throws Exception {
        SyntheticProcfs procfs = new SyntheticProcfs(dir.resolve("edge-1"), 4, 8L * 1024 * 1024 * 1024);
        long[] before = cpuLine(procfs.folder());

        procfs.advance(2_000_000_000L, 0.25, 0.5);
        long[] after = cpuLine(procfs.folder());

        long busy = after[0] - before[0];
        long idle = after[3] - before[3];
        assertThat(busy + idle).as("ticks of 4 CPUs over 2 s").isBetween(799L, 801L);
        assertThat(busy / (double) (busy + idle)).isCloseTo(0.25, within(0.01));
        String meminfo = Files.readString(procfs.folder().resolve("meminfo"));
        assertThat(meminfo).contains("MemTotal:       8388608 kB").contains("MemAvailable:   4194304 kB");
        assertThat(Files.readString(procfs.folder().resolve("stat"))).contains("cpu3 ");
    }

    private static long[] cpuLine(Path folder) throws Exception {
        String line = Files.readAllLines(folder.resolve("stat")).get(0);
        String[] fields = line.trim().split("\\s+");
        long[] values = new long[8];
        for (int i = 0; i < 8; i++) {
            values[i] = Long.parseLong(fields[i + 1]);
        }
        return values;
    }
}
