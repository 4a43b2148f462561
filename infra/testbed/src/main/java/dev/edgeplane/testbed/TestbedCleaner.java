package dev.edgeplane.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.edgeplane.testbed.internal.ChildProcess;
import dev.edgeplane.testbed.internal.Commands;
import dev.edgeplane.testbed.internal.NetworkSetup;
import dev.edgeplane.testbed.internal.RunState;

/**
 * Removes what crashed testbed runs left behind ({@code edgeplane testbed clean}). A run whose
 * owning process is gone has its recorded processes stopped and its namespaces deleted, and then
 * its folder. Namespaces named like a testbed's ({@code ep-} and six hex digits) with no live run
 * are deleted too, because a run can crash before its state file is written, unless a process
 * still runs inside one of them (a run recorded in another state folder). Runs whose owner still
 * runs are left alone. Blocks while it works.
 */
public final class TestbedCleaner {

    /** Prefix of every namespace a testbed creates. */
    public static final String PREFIX = "ep-";
    private static final Pattern TESTBED_NAMESPACE = Pattern.compile("ep-([0-9a-f]{6})-[a-z0-9]+");

    private final Path stateDir;
    private final NetworkSetup network;

    public TestbedCleaner(Path stateDir, long commandTimeoutMs) {
        this.stateDir = stateDir;
        this.network = new NetworkSetup(new Commands(commandTimeoutMs));
    }

    /** Outcome of one clean-up: what it removed, and the runs it left because they are alive. */
    public record Report(List<String> runsRemoved, List<Long> processesStopped, List<String> namespacesDeleted,
            List<String> runsInUse) {
    }

    /**
     * Removes every leftover.
     *
     * @throws TestbedException if a namespace cannot be deleted
     */
    public Report clean() {
        List<String> runsRemoved = new ArrayList<>();
        List<Long> stopped = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        Set<String> liveRuns = new HashSet<>();
        List<String> existing = network.listNamespaces();

        for (RunState run : runs()) {
            if (run.ownerAlive()) {
                liveRuns.add(run.runId());
                inUse.add(run.runId());
                continue;
            }
            for (long pid : run.pids()) {
                if (stopIfOurs(pid, run.runId())) {
                    stopped.add(pid);
                }
            }
            for (String namespace : run.namespaces()) {
                if (existing.contains(namespace)) {
                    network.deleteNamespace(namespace);
                    deleted.add(namespace);
                }
            }
            run.deleteFolder();
            runsRemoved.add(run.runId());
        }

        Map<String, List<String>> orphans = new TreeMap<>();
        for (String namespace : network.listNamespaces()) {
            Matcher matcher = TESTBED_NAMESPACE.matcher(namespace);
            if (matcher.matches() && !liveRuns.contains(matcher.group(1))) {
                orphans.computeIfAbsent(matcher.group(1), run -> new ArrayList<>()).add(namespace);
            }
        }
        for (Map.Entry<String, List<String>> run : orphans.entrySet()) {
            // A run recorded in another state folder is alive while processes run in its namespaces.
            if (run.getValue().stream().anyMatch(namespace -> !network.namespacePids(namespace).isEmpty())) {
                inUse.add(run.getKey());
                continue;
            }
            network.deleteNamespaces(run.getValue());
            deleted.addAll(run.getValue());
        }
        return new Report(runsRemoved, stopped, deleted, inUse);
    }

    private List<RunState> runs() {
        if (!Files.isDirectory(stateDir)) {
            return List.of();
        }
        List<RunState> runs = new ArrayList<>();
        try (Stream<Path> folders = Files.list(stateDir)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Optional<RunState> run = RunState.read(folder);
                run.ifPresent(runs::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the testbed state folder " + stateDir + ": " + e.getMessage(), e);
        }
        return runs;
    }

    /**
     * Kills {@code pid} if it is a process of run {@code runId}, identified by the run property on its
     * command line, so that a process id the system reused for something else is left alone.
     */
    private static boolean stopIfOurs(long pid, String runId) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        // ProcessHandle.Info.arguments() comes back empty for long command lines, so read /proc directly.
        String tag = "-D" + ChildProcess.RUN_PROPERTY + "=" + runId;
        boolean ours;
        try {
            ours = List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8)
                    .split("\0")).contains(tag);
        } catch (IOException e) {
            return false;
        }
        if (!ours) {
            return false;
        }
        handle.get().destroyForcibly();
        handle.get().onExit().join();
        return true;
    }
}
