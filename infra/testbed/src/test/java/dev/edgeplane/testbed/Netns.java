package dev.edgeplane.testbed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.edgeplane.lb.act.process.ProcessRunner;
import dev.edgeplane.testbed.internal.Commands;

/** Test helpers: skip where network namespaces cannot be created, and testbed settings for tests. */
final class Netns {

    static final Commands COMMANDS = new Commands(10_000);

    private Netns() {
    }

    /**
     * Skips the calling test, with the reason, unless this process is root and can create and
     * delete a network namespace.
     */
    static void assumeAvailable() {
        ProcessRunner.Result id;
        try {
            id = COMMANDS.attempt(List.of("id", "-u"), "");
        } catch (RuntimeException e) {
            assumeTrue(false, "Skipped: cannot run id -u (" + e.getMessage() + ")");
            return;
        }
        assumeTrue(id.output().strip().equals("0"), "Skipped: the testbed creates network namespaces, which needs root");
        String probe = "ep-probe" + UUID.randomUUID().toString().substring(0, 6);
        ProcessRunner.Result add;
        try {
            add = COMMANDS.attempt(List.of("ip", "netns", "add", probe), "");
        } catch (RuntimeException e) {
            assumeTrue(false, "Skipped: cannot run ip (" + e.getMessage() + "); install the Debian package iproute2");
            return;
        }
        assumeTrue(add.exitStatus() == 0, "Skipped: network namespaces cannot be created here: " + add.errors());
        COMMANDS.run(List.of("ip", "netns", "delete", probe));
        ProcessRunner.Result iptables = COMMANDS.attempt(List.of("sh", "-c", "command -v iptables-restore"), "");
        if (iptables.exitStatus() != 0) {
            throw new AssertionError("iptables-restore is missing: install the Debian package iptables");
        }
    }

    /** Settings of a small testbed whose state lives in {@code stateDir}. */
    static TestbedConfig config(Path stateDir, int edgeNodes) {
        return TestbedConfig.from(Map.of(TestbedConfig.EDGE_NODES, edgeNodes,
                TestbedConfig.STATE_DIR, stateDir.toString()));
    }

    static List<String> namespacesOf(String runId) {
        return new dev.edgeplane.testbed.internal.NetworkSetup(COMMANDS).listNamespaces().stream()
                .filter(name -> name.startsWith(TestbedCleaner.PREFIX + runId + "-")).toList();
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Process startJava(Class<?> mainClass, Path log, String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(javaCommand(), "-cp",
                System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
