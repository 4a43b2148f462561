package dev.edgeplane.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.edgeplane.testbed.internal.RunState;

/**
 * The namespace topology: what {@link Testbed#create} builds, that close removes it, that Ctrl-C
 * (SIGTERM) removes it through the shutdown hook, and that the cleaner removes what a killed
 * owner left.
 */
class TestbedTopologyTest {

    @TempDir
    Path stateDir;

    @BeforeAll
    static void requireNamespaces() {
        Netns.assumeAvailable();
    }

    @Test
    void defaultTestbedIsBuiltAndRemoved() {
        Testbed testbed = Testbed.create(Netns.config(stateDir, 10));
        String runId = testbed.runId();
        List<TestbedNamespace> all = testbed.namespaces();
        List<Long> pids = RunState.read(stateDir.resolve(runId)).orElseThrow().pids();

        assertThat(all).hasSize(13);
        assertThat(testbed.nodes()).hasSize(10).allSatisfy(node -> assertThat(node.cityNode()).isPresent());
        assertThat(Netns.namespacesOf(runId)).containsExactlyInAnyOrderElementsOf(
                all.stream().map(TestbedNamespace::name).toList());
        assertThat(RunState.read(stateDir.resolve(runId)).orElseThrow().namespaces()).hasSize(13);
        assertThat(testbed.nodes()).extracting(node -> testbed.link(node).delayMicros())
                .allSatisfy(delay -> assertThat(delay).isPositive());
        assertThat(testbed.link(testbed.client())).isEqualTo(LinkSettings.NONE);
        assertRoutesThroughCore(testbed, testbed.nodes().get(9));
        assertThat(new TestbedCleaner(stateDir, 10_000).clean().runsInUse()).containsExactly(runId);
        assertThat(Netns.namespacesOf(runId)).hasSize(13);

        testbed.close();
        testbed.close();

        assertThat(Netns.namespacesOf(runId)).isEmpty();
        assertThat(stateDir.resolve(runId)).doesNotExist();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    private static void assertRoutesThroughCore(Testbed testbed, TestbedNamespace node) {
        TestbedNamespace client = testbed.client();
        String coreAddress = testbed.config().addresses().coreAddress(client.link());

        String address = testbed.exec(node, List.of("ip", "-4", "-o", "addr", "show", "dev", "eth0"));
        String route = testbed.exec(client, List.of("ip", "route", "get", node.address()));
        String forwarding = testbed.exec(testbed.core(), List.of("sysctl", "-n", "net.ipv4.ip_forward"));
        String relayRules = testbed.exec(testbed.core(), List.of("iptables-save", "-t", "nat"));

        assertThat(address).contains(node.address() + "/30");
        assertThat(route).contains("via " + coreAddress).contains("dev eth0");
        assertThat(forwarding.strip()).isEqualTo("1");
        if (testbed.emulator() == Emulator.RELAY) {
            assertThat(relayRules).contains("-d " + node.address() + "/32").contains("DNAT");
            assertThat(testbed.emulatorReason()).contains("netem");
        }
    }

    @Test
    void sigtermRemovesEverything() throws Exception {
        Path log = stateDir.resolve("owner.log");
        Process owner = Netns.startJava(TestbedOwnerMain.class, log, stateDir.toString(), "2");
        String runId = awaitRunId(owner, log);
        assertThat(Netns.namespacesOf(runId)).hasSize(5);

        owner.destroy();

        assertThat(owner.waitFor()).isNotZero();
        assertThat(Netns.namespacesOf(runId)).isEmpty();
        assertThat(stateDir.resolve(runId)).doesNotExist();
    }

    @Test
    void cleanerRemovesKilledRun() throws Exception {
        Path log = stateDir.resolve("owner.log");
        Process owner = Netns.startJava(TestbedOwnerMain.class, log, stateDir.toString(), "2");
        String runId = awaitRunId(owner, log);
        List<Long> pids = RunState.read(stateDir.resolve(runId)).orElseThrow().pids();
        assertThat(pids).isNotEmpty();

        owner.destroyForcibly().waitFor();
        assertThat(Netns.namespacesOf(runId)).hasSize(5);
        TestbedCleaner.Report report = new TestbedCleaner(stateDir, 10_000).clean();

        assertThat(report.runsRemoved()).containsExactly(runId);
        assertThat(report.namespacesDeleted()).hasSize(5);
        assertThat(report.processesStopped()).containsExactlyInAnyOrderElementsOf(pids);
        assertThat(Netns.namespacesOf(runId)).isEmpty();
        assertThat(stateDir.resolve(runId)).doesNotExist();
    }

    @Test
    void invalidRangeIsRejected() {
        assertThatThrownBy(() -> TestbedConfig.from(Map.of(TestbedConfig.ADDRESS_RANGE, "8.8.0.0/16")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not private");
        assertThatThrownBy(() -> TestbedConfig.from(Map.of(TestbedConfig.ADDRESS_RANGE, "10.1.2.0/24",
                TestbedConfig.EDGE_NODES, 40)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("holds 32 links");
    }

    private static String awaitRunId(Process owner, Path log) {
        String[] runId = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!owner.isAlive()) {
                throw new AssertionError("The testbed owner exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            Optional<String> line = Files.readAllLines(log).stream().filter(text -> text.startsWith("run ")).findFirst();
            line.ifPresent(text -> runId[0] = text.substring(4).strip());
            return line.isPresent();
        });
        return runId[0];
    }
}
