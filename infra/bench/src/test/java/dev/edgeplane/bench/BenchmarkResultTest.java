package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class BenchmarkResultTest {

    @Test
    void lineKeepsFigureOrder() {
        BenchmarkResult result = BenchmarkResult.builder("broker")
                .figure("records", 10)
                .figure("acks", "all")
                .figure("produce.mb.per.sec", 12.345, 2)
                .build();

        assertThat(result.line()).isEqualTo("bench=broker records=10 acks=all produce.mb.per.sec=12.35");
    }

    @Test
    void decimalsIgnoreDefaultLocale() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(BenchmarkResult.builder("x").figure("rate", 1234.5, 1).build().line()).isEqualTo("bench=x rate=1234.5");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void rejectsKeyOrValueThatBreaksLine() {
        assertThatThrownBy(() -> BenchmarkResult.builder("x").figure("Produce Rate", "1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid figure key 'Produce Rate': use lowercase dotted words, e.g. produce.mb.per.sec.");
        assertThatThrownBy(() -> BenchmarkResult.builder("x").figure("acks", "a b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'a b' of figure acks: it must be non-empty, without spaces or '='.");
    }
}
