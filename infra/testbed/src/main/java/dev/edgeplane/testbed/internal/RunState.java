package dev.edgeplane.testbed.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The state file of one testbed run: which process owns it, which namespaces it created and
 * which processes it started. It is rewritten (to a temporary file, then moved over) before each
 * namespace is created and after each process started, so that {@code edgeplane testbed clean}
 * finds everything a crashed run left behind. Thread-safe: every method is synchronized.
 */
public final class RunState {

    public static final String FILE_NAME = "state.properties";

    private static final String OWNER_PID = "owner.pid";
    private static final String OWNER_START = "owner.start";
    private static final String NAMESPACES = "namespaces";
    private static final String PIDS = "pids";

    private final Path folder;
    private final String runId;
    private final long ownerPid;
    private final String ownerStart;
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final Set<Long> pids = new LinkedHashSet<>();

    private RunState(Path folder, String runId, long ownerPid, String ownerStart) {
        this.folder = folder;
        this.runId = runId;
        this.ownerPid = ownerPid;
        this.ownerStart = ownerStart;
    }

    /** Creates the run's folder under {@code stateDir} and writes a state file owned by this JVM. */
    public static RunState create(Path stateDir, String runId) {
        ProcessHandle self = ProcessHandle.current();
        RunState state = new RunState(stateDir.resolve(runId), runId, self.pid(), startOf(self));
        try {
            Files.createDirectories(state.folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the testbed state folder " + state.folder
                    + ": " + e.getMessage() + "; set testbed.state.dir to a writable folder", e);
        }
        state.write();
        return state;
    }

    /** Reads the state file in {@code folder}, whose name is the run id; empty if there is none. */
    public static Optional<RunState> read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read testbed state file " + file + ": " + e.getMessage(), e);
        }
        RunState state = new RunState(folder, folder.getFileName().toString(),
                Long.parseLong(properties.getProperty(OWNER_PID, "-1")), properties.getProperty(OWNER_START, ""));
        split(properties.getProperty(NAMESPACES, "")).forEach(state.namespaces::add);
        split(properties.getProperty(PIDS, "")).forEach(pid -> state.pids.add(Long.parseLong(pid)));
        return Optional.of(state);
    }

    public Path folder() {
        return folder;
    }

    public String runId() {
        return runId;
    }

    public synchronized List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    public synchronized List<Long> pids() {
        return List.copyOf(pids);
    }

    /** Records a namespace before it is created. */
    public synchronized void addNamespace(String name) {
        namespaces.add(name);
        write();
    }

    /** Records a process after it started. */
    public synchronized void addPid(long pid) {
        pids.add(pid);
        write();
    }

    /** Forgets a process that was stopped. */
    public synchronized void removePid(long pid) {
        pids.remove(pid);
        write();
    }

    /**
     * Returns whether the process that wrote this state still runs. A process with the same id but
     * another start time is a different process that reused the id.
     */
    public boolean ownerAlive() {
        return ProcessHandle.of(ownerPid).filter(ProcessHandle::isAlive)
                .map(handle -> startOf(handle).equals(ownerStart)).orElse(false);
    }

    /** Deletes the run's folder and everything in it, such as process logs. */
    public void deleteFolder() {
        try (var paths = Files.walk(folder)) {
            List<Path> all = new ArrayList<>(paths.toList());
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(all.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete testbed state folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private void write() {
        Properties properties = new Properties();
        properties.setProperty(OWNER_PID, Long.toString(ownerPid));
        properties.setProperty(OWNER_START, ownerStart);
        properties.setProperty(NAMESPACES, String.join(",", namespaces));
        properties.setProperty(PIDS, String.join(",", pids.stream().map(String::valueOf).toList()));
        Path temporary = folder.resolve(FILE_NAME + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "Edgeplane testbed run " + runId + "; edgeplane testbed clean reads it");
            }
            Files.move(temporary, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write testbed state file in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String startOf(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toString).orElse("");
    }

    private static List<String> split(String value) {
        return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
    }
}
