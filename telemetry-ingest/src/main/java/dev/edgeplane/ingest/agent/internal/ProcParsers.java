package dev.edgeplane.ingest.agent.internal;

import java.util.OptionalLong;

/**
 * Parsers for the procfs and cgroup v2 files the agent reads, working on file contents so that
 * tests can feed them text. Field layouts follow the Linux documentation of proc(5) and
 * Documentation/admin-guide/cgroup-v2.rst. Every parser throws
 * {@link IllegalArgumentException} naming the file and the line it could not read.
 */
public final class ProcParsers {

    /** Scheduling policy numbers in /proc/PID/stat, from linux/sched.h. */
    static final int SCHED_FIFO = 1;
    static final int SCHED_RR = 2;
    static final int SCHED_DEADLINE = 6;

    private ProcParsers() {
    }

    /**
     * CPU times from the {@code cpu} line of /proc/stat, in clock ticks, and the number of
     * {@code cpuN} lines.
     *
     * @param totalTicks user, nice, system, idle, iowait, irq, softirq and steal summed. Guest time
     *                   is left out because the kernel already counts it in user time.
     * @param idleTicks  idle plus iowait
     * @param cpus       CPUs online
     */
    public record CpuTimes(long totalTicks, long idleTicks, int cpus) {
    }

    /** Parses /proc/stat. */
    public static CpuTimes parseProcStat(String text) {
        long total = -1;
        long idle = -1;
        int cpus = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 9) {
                    throw new IllegalArgumentException("/proc/stat: the cpu line has " + (fields.length - 1)
                            + " values, expected at least 8: '" + line + "'");
                }
                long[] values = new long[8];
                for (int i = 0; i < 8; i++) {
                    values[i] = parseLong("/proc/stat", fields[i + 1], line);
                }
                total = 0;
                for (long value : values) {
                    total += value;
                }
                idle = values[3] + values[4];
            } else if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus++;
            }
        }
        if (total < 0 || cpus == 0) {
            throw new IllegalArgumentException("/proc/stat: no 'cpu' summary line or no 'cpuN' lines found");
        }
        return new CpuTimes(total, idle, cpus);
    }

    /**
     * Memory totals from /proc/meminfo, in bytes.
     *
     * @param totalBytes     MemTotal
     * @param availableBytes MemAvailable, the memory the kernel can hand out without swapping
     */
    public record Meminfo(long totalBytes, long availableBytes) {
    }

    /** Parses /proc/meminfo, whose values are in kibibytes. */
    public static Meminfo parseMeminfo(String text) {
        long total = -1;
        long available = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                total = kibibytes(line);
            } else if (line.startsWith("MemAvailable:")) {
                available = kibibytes(line);
            }
        }
        if (total < 0 || available < 0) {
            throw new IllegalArgumentException("/proc/meminfo: MemTotal or MemAvailable is missing; Linux 3.14 or newer"
                    + " reports both");
        }
        return new Meminfo(total, available);
    }

    private static long kibibytes(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("/proc/meminfo: no value in '" + line + "'");
        }
        long value = parseLong("/proc/meminfo", fields[1], line);
        return fields.length > 2 && fields[2].equals("kB") ? value * 1024 : value;
    }

    /** Returns {@code usage_usec} of a cgroup v2 cpu.stat file, in microseconds. */
    public static long parseCpuStatUsageMicros(String text) {
        return keyedValue("cpu.stat", text, "usage_usec")
                .orElseThrow(() -> new IllegalArgumentException("cpu.stat: no usage_usec line"));
    }

    /** Returns a value of a flat keyed cgroup file such as memory.stat, if the key is present. */
    public static OptionalLong keyedValue(String file, String text, String key) {
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && fields[0].equals(key)) {
                return OptionalLong.of(parseLong(file, fields[1], line));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Returns the CPU limit in cores from a cgroup v2 cpu.max file ({@code QUOTA PERIOD}, both in
     * microseconds), or empty when the quota is {@code max}, that is, unlimited.
     */
    public static java.util.OptionalDouble parseCpuMaxCores(String text) {
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 2) {
            throw new IllegalArgumentException("cpu.max: expected 'QUOTA PERIOD', got '" + text.trim() + "'");
        }
        if (fields[0].equals("max")) {
            return java.util.OptionalDouble.empty();
        }
        long quota = parseLong("cpu.max", fields[0], text.trim());
        long period = parseLong("cpu.max", fields[1], text.trim());
        if (period <= 0) {
            throw new IllegalArgumentException("cpu.max: period " + period + " is not positive");
        }
        return java.util.OptionalDouble.of((double) quota / period);
    }

    /** Parses a single-number cgroup file such as memory.current, or empty for {@code max}. */
    public static OptionalLong parseLimitOrValue(String file, String text) {
        String trimmed = text.trim();
        return trimmed.equals("max") ? OptionalLong.empty() : OptionalLong.of(parseLong(file, trimmed, trimmed));
    }

    /**
     * Scheduling policy and CPU time of one task, from /proc/PID/task/TID/stat.
     *
     * @param policy   policy number, such as 1 for SCHED_FIFO
     * @param cpuTicks user plus system time, in clock ticks
     */
    public record TaskStat(int policy, long cpuTicks) {

        /** Returns whether the task runs under a real-time policy: SCHED_FIFO, SCHED_RR or SCHED_DEADLINE. */
        public boolean realtime() {
            return policy == SCHED_FIFO || policy == SCHED_RR || policy == SCHED_DEADLINE;
        }
    }

    /**
     * Parses a task's stat line. The command name (field 2) is in parentheses and may contain
     * spaces and parentheses itself, so fields are counted from the last ')'; utime, stime and
     * policy are fields 14, 15 and 41.
     */
    public static TaskStat parseTaskStat(String text) {
        int close = text.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("task stat: no command name in parentheses: '" + text.trim() + "'");
        }
        String[] fields = text.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        if (fields.length < 41 - 2) {
            throw new IllegalArgumentException("task stat: " + (fields.length + 2) + " fields, expected at least 41"
                    + " (Linux 2.5.19 or newer)");
        }
        long utime = parseLong("task stat", fields[14 - 3], text.trim());
        long stime = parseLong("task stat", fields[15 - 3], text.trim());
        int policy = (int) parseLong("task stat", fields[41 - 3], text.trim());
        return new TaskStat(policy, utime + stime);
    }

    private static long parseLong(String file, String value, String line) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + value + "' is not a whole number in '" + line + "'", e);
        }
    }
}
