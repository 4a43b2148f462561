package dev.edgeplane.lb.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingTraceTest {

    @TempDir
    Path folder;

    @Test
    void readsRepliesInSequenceOrder() throws IOException {
        Path file = write("trace.txt", pingLog(12, 3));

        PingTrace trace = PingTrace.read(file);

        assertThat(trace.size()).isEqualTo(12);
        assertThat(trace.rttMs(0)).isEqualTo(10.0);
        assertThat(trace.rttMs(3)).isEqualTo(13.0);
        assertThat(trace.rttMs(12)).as("wraps around").isEqualTo(10.0);
    }

    @Test
    void tooFewRepliesAreRejected() throws IOException {
        Path file = write("short.txt", "PING 10.0.0.1 56(84) bytes of data.\n64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=1.0 ms\n");

        assertThatThrownBy(() -> PingTrace.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it has 1 replies");
    }

    @Test
    void tracesFolderFeedsLinkScenario() throws IOException {
        Path ping = folder.resolve(ScenarioCatalog.PING_FOLDER);
        Files.createDirectories(ping.resolve("mmWave_delay"));
        Files.createDirectories(ping.resolve("ORAN_MEC"));
        write(ping.resolve("mmWave_delay/ping-MEC-cmWave.txt"), pingLog(20, -1));
        write(ping.resolve("ORAN_MEC/ping-MEC-ORAN-upd.txt"), pingLog(20, -1));
        write(ping.resolve("ORAN_MEC/ping-cloud-ORAN-upd.txt"), pingLog(20, -1));

        Scenario links = ScenarioCatalog.linkLatency(folder, 1.0);

        assertThat(links.links().source())
                .isEqualTo("ping-MEC-cmWave.txt+ping-MEC-ORAN-upd.txt+ping-cloud-ORAN-upd.txt");
        assertThat(links.links().rttMs("edge-a", "edge-a", 0)).isEqualTo(0.1);
        assertThat(links.links().rttMs("edge-a", "cloud", 0)).isBetween(10.0, 29.0);
    }

    @Test
    void missingTraceFileIsNamed() {
        assertThatThrownBy(() -> ScenarioCatalog.build(folder, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing ping trace")
                .hasMessageContaining("ping-MEC-cmWave.txt");
    }

    /** Returns ping output with replies 10, 11, ... ms, the reply of {@code swap} after its successor, and a cut-off last line. */
    private static String pingLog(int replies, int swap) {
        StringBuilder log = new StringBuilder("PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.\n");
        List<Integer> order = new ArrayList<>();
        for (int seq = 1; seq <= replies; seq++) {
            order.add(seq);
        }
        if (swap >= 0) {
            order.set(swap, swap + 2);
            order.set(swap + 1, swap + 1);
        }
        for (int seq : order) {
            log.append("64 bytes from 10.0.0.1: icmp_seq=").append(seq).append(" ttl=64 time=").append(9 + seq)
                    .append(".0 ms\n");
        }
        return log.append("64 bytes from 10.0.0.1: icm").toString();
    }

    private Path write(String name, String text) throws IOException {
        return write(folder.resolve(name), text);
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }
}
