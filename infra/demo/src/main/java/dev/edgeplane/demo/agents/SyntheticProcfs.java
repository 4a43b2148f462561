package dev.edgeplane.demo.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * A procfs folder for one simulated node, with the two files the edge agent reads for node metrics:
 * {@code stat} and {@code meminfo}.
 *
 * <p>Why: every simulated node runs in this one process on this one host, so the host's /proc would
 * give every node the same CPU and memory, and on a busy build machine that reading would say more
 * about the machine than about the city. Instead each node's agent reads its own folder, whose CPU
 * counters advance at the share the model or the PlanetLab trace gives the node. The agent's real
 * collector parses and differences them as it does on a real node.
 *
 * <p>Not thread-safe: one ticker thread calls {@link #advance}. Files are replaced atomically, so a
 * reader on another thread sees either the old or the new file.
 */
public final class SyntheticProcfs {

    /** Clock ticks per second of the counters, the USER_HZ the agent assumes by default. */
    public static final int TICKS_PER_SECOND = 100;

    private final Path folder;
    private final int cpus;
    private final long memoryBytes;
    private double busyTicks;
    private double idleTicks;

    /**
     * Creates the folder with counters at zero.
     *
     * @param cpus CPUs of the node
     * @param memoryBytes memory of the node
     * @throws UncheckedIOException if the files cannot be written
     */
    public SyntheticProcfs(Path folder, int cpus, long memoryBytes) {
        if (cpus < 1 || memoryBytes < 1) {
            throw new IllegalArgumentException("Invalid node size: " + cpus + " CPUs, " + memoryBytes
                    + " bytes; give at least one of each");
        }
        this.folder = folder;
        this.cpus = cpus;
        this.memoryBytes = memoryBytes;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the procfs folder " + folder, e);
        }
        write(0.3);
    }

    public Path folder() {
        return folder;
    }

    /**
     * Advances the CPU counters by {@code elapsedNanos} of wall time at {@code cpuShare} busy, and sets
     * the memory in use to {@code memoryShare} of the total. Blocks on the file writes.
     */
    public void advance(long elapsedNanos, double cpuShare, double memoryShare) {
        double ticks = cpus * TICKS_PER_SECOND * (elapsedNanos / 1e9);
        double busy = Math.min(1.0, Math.max(0.0, cpuShare));
        busyTicks += ticks * busy;
        idleTicks += ticks * (1.0 - busy);
        write(memoryShare);
    }

    private void write(double memoryShare) {
        StringBuilder stat = new StringBuilder();
        long busy = (long) busyTicks;
        long idle = (long) idleTicks;
        // user nice system idle iowait irq softirq steal
        stat.append(String.format(Locale.ROOT, "cpu  %d 0 0 %d 0 0 0 0 0 0%n", busy, idle));
        for (int i = 0; i < cpus; i++) {
            stat.append(String.format(Locale.ROOT, "cpu%d %d 0 0 %d 0 0 0 0 0 0%n", i, busy / cpus, idle / cpus));
        }
        long totalKb = memoryBytes / 1_024;
        long availableKb = Math.round(totalKb * (1.0 - Math.min(1.0, Math.max(0.0, memoryShare))));
        String meminfo = String.format(Locale.ROOT, "MemTotal:       %d kB%nMemFree:        %d kB%nMemAvailable:   %d kB%n",
                totalKb, availableKb, availableKb);
        replace("stat", stat.toString());
        replace("meminfo", meminfo);
    }

    private void replace(String name, String content) {
        Path target = folder.resolve(name);
        Path temporary = folder.resolve(name + ".next");
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }
}
