package dev.edgeplane.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.edgeplane.event.telemetry.ProbeProtocol;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The setting agent.probe.icmp and how it combines with the detected availability. */
class IcmpModeTest {

    private static final IcmpAvailability AVAILABLE = new IcmpAvailability(true, "the test allows it.");
    private static final IcmpAvailability MISSING = new IcmpAvailability(false, "the process lacks CAP_NET_RAW.");

    private final AtomicInteger checks = new AtomicInteger();

    private static AgentConfig config(String icmp, String peers) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AgentConfigDef.NODE, "edge-1");
        settings.put(AgentConfigDef.GATEWAY_URL, "http://10.0.0.2:8470");
        settings.put(AgentConfigDef.PEERS, peers);
        if (icmp != null) {
            settings.put(AgentConfigDef.PROBE_ICMP, icmp);
        }
        return AgentConfig.from(settings);
    }

    private Supplier<IcmpAvailability> check(IcmpAvailability result) {
        return () -> {
            checks.incrementAndGet();
            return result;
        };
    }

    @Test
    void defaultIsAuto() {
        assertThat(config(null, "").icmpMode()).isEqualTo(IcmpMode.AUTO);
        assertThat(config("ON", "").icmpMode()).isEqualTo(IcmpMode.ON);
        assertThat(config(" off ", "").icmpMode()).isEqualTo(IcmpMode.OFF);
    }

    @Test
    void invalidModeIsRejected() {
        assertThatThrownBy(() -> config("yes", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.probe.icmp")
                .hasMessageContaining("yes")
                .hasMessageContaining("one of (case insensitive): AUTO, OFF, ON");
    }

    @Test
    void autoAddsIcmpWhenAvailable() {
        assertThat(EdgeAgent.probeProtocols(config("auto", "edge-2=10.0.0.12:7471"), check(AVAILABLE)))
                .containsExactly(ProbeProtocol.UDP, ProbeProtocol.TCP, ProbeProtocol.ICMP);
    }

    @Test
    void autoGoesOnWithoutIcmp() {
        assertThat(EdgeAgent.probeProtocols(config("auto", "edge-2=10.0.0.12:7471"), check(MISSING)))
                .containsExactly(ProbeProtocol.UDP, ProbeProtocol.TCP);
        assertThat(checks).hasValue(1);
    }

    @Test
    void onFailsWithoutIcmp() {
        assertThatThrownBy(() -> EdgeAgent.probeProtocols(config("on", "edge-2=10.0.0.12:7471"), check(MISSING)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.probe.icmp")
                .hasMessageContaining("ICMP probes cannot run: the process lacks CAP_NET_RAW.")
                .hasMessageContaining("set agent.probe.icmp=auto to run without them");
    }

    @Test
    void offSkipsTheCheck() {
        assertThat(EdgeAgent.probeProtocols(config("off", "edge-2=10.0.0.12:7471"), check(AVAILABLE)))
                .containsExactly(ProbeProtocol.UDP, ProbeProtocol.TCP);
        assertThat(checks).hasValue(0);
    }

    @Test
    void noTargetsSkipTheCheck() {
        assertThat(EdgeAgent.probeProtocols(config("on", ""), check(MISSING)))
                .containsExactly(ProbeProtocol.UDP, ProbeProtocol.TCP);
        assertThat(checks).hasValue(0);
    }
}
