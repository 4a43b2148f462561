package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarksTest {

    @Test
    void byNameFindsBroker() {
        assertThat(Benchmarks.byName("broker")).isInstanceOf(BrokerBenchmark.class);
        assertThat(Benchmarks.names()).contains("broker");
    }

    @Test
    void byNameRejectsUnknownListingKnown() {
        assertThatThrownBy(() -> Benchmarks.byName("brokr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown benchmark 'brokr'. Known benchmarks: " + String.join(", ", Benchmarks.names()) + ".");
    }

    @Test
    void namesAreUnique() {
        assertThat(Benchmarks.names()).doesNotHaveDuplicates();
    }

    @Test
    void settingsRejectInvalidValues() {
        assertThatThrownBy(() -> new BenchmarkSettings(0, 512))
                .hasMessage("Invalid record count 0: it must be at least 1.");
        assertThatThrownBy(() -> new BenchmarkSettings(10, 0))
                .hasMessage("Invalid record size 0 bytes: use 1 to 1000000 bytes.");
        assertThatThrownBy(() -> new BenchmarkSettings(10, 1_000_001))
                .hasMessage("Invalid record size 1000001 bytes: use 1 to 1000000 bytes.");
    }
}
