package dev.edgeplane.demo.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ConsolePrinterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void eventPrintedWithTimeAndOffset() {
        Timeline timeline = new Timeline(Clock.fixed(T0, ZoneOffset.UTC));
        StringWriter out = new StringWriter();

        try (ConsolePrinter printer = new ConsolePrinter(new PrintWriter(out), timeline, Duration.ofMinutes(1),
                ZoneOffset.UTC)) {
            timeline.record(new TimelineEvent(T0.plusMillis(12_300), EventKind.NODE_STATE, "edge-2", "edge-2",
                    "DEGRADED", "node edge-2 HEALTHY -> DEGRADED"));
        }

        assertThat(out.toString()).isEqualTo("10:00:12.300    +12.3 s  NODE_STATE     node edge-2 HEALTHY -> DEGRADED"
                + System.lineSeparator());
    }

    @Test
    void silenceBringsProgressLineWithWaitAndStatus() {
        Timeline timeline = new Timeline(Clock.systemUTC());
        StringWriter out = new StringWriter();

        try (ConsolePrinter printer = new ConsolePrinter(new PrintWriter(out), timeline, Duration.ofMillis(200),
                ZoneOffset.UTC)) {
            printer.setStatus(() -> "42 requests sent");
            printer.waitingFor("node edge-2 to turn DEGRADED");

            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("waiting for"));
        }

        assertThat(out.toString()).contains("...").contains("waiting for node edge-2 to turn DEGRADED (")
                .contains("s so far); 42 requests sent");
    }

    @Test
    void progressLineWithoutWaitSaysRunning() {
        Timeline timeline = new Timeline(Clock.systemUTC());
        StringWriter out = new StringWriter();

        try (ConsolePrinter printer = new ConsolePrinter(new PrintWriter(out), timeline, Duration.ofMillis(200),
                ZoneOffset.UTC)) {
            printer.waitingFor("something");
            printer.doneWaiting();

            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("running"));
        }

        assertThat(out.toString()).doesNotContain("waiting for");
    }

    @Test
    void zeroProgressIntervalRejected() {
        Timeline timeline = new Timeline(Clock.systemUTC());

        assertThatThrownBy(() -> new ConsolePrinter(new PrintWriter(new StringWriter()), timeline, Duration.ZERO,
                ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid progressInterval PT0S: give a positive duration");
    }
}
