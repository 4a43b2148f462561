package dev.edgeplane.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.ingest.agent.EchoResponder;
import dev.edgeplane.ingest.agent.IcmpAvailability;
import dev.edgeplane.ingest.agent.LinkProbeCycle;
import dev.edgeplane.ingest.agent.PeerTarget;
import dev.edgeplane.ingest.agent.ProbeSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * CPU time of the edge agent's probe cycle: UDP echo and TCP connect bursts to 50 peers by default
 * (count {@value #PEERS}), each an echo responder on 127.0.0.1 in this JVM. CPU time is the sum of
 * {@link ThreadMXBean#getThreadCpuTime} over the probe threads and the thread that runs the cycle,
 * so the responders' own work is left out. The baseline is a cycle to a single peer, measured in
 * the same run with the same settings. The ratio shows how the cost grows with the peer count.
 *
 * <p>When this process can send ICMP echo requests ({@link IcmpAvailability#detect()}), a third
 * phase times ICMP echo bursts alone to the same peers, the probes an agent adds with
 * {@code agent.probe.icmp=auto}. The ICMP cost includes the kernel work of opening one raw socket
 * per probe, which the thread CPU time counts. Since every peer has the address 127.0.0.1, a reply
 * can count for a concurrent probe of another thread, which the loopback round trip hides.
 *
 * <p>Probes keep a 2 ms spacing, not the agent's default 20 ms, so that a run takes seconds. The
 * spacing is spent sleeping and adds no CPU time.
 */
public final class AgentBenchmark implements Benchmark {

    public static final String PEERS = "peers";
    public static final String CYCLES = "cycles";
    public static final String PROBES = "probes";

    private static final int WARM_UP_CYCLES = 3;
    private static final int THREADS = 4;
    private static final List<ProbeProtocol> UDP_AND_TCP = List.of(ProbeProtocol.UDP, ProbeProtocol.TCP);

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public String description() {
        return "CPU time of one edge agent probe cycle (UDP echo and TCP connect) to 50 peers on 127.0.0.1, against a"
                + " single-peer cycle, and of ICMP echo alone when the process may send it.";
    }

    @Override
    public Map<String, Long> countDefaults() {
        Map<String, Long> defaults = new LinkedHashMap<>();
        defaults.put(PEERS, 50L);
        defaults.put(CYCLES, 20L);
        defaults.put(PROBES, 5L);
        return defaults;
    }

    @Override
    public void validate(BenchmarkSettings settings) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalArgumentException("This JVM cannot measure thread CPU time, which the agent benchmark needs.");
        }
        if (settings.count(PEERS, 50) > 1_000) {
            throw new IllegalArgumentException("Invalid count peers=" + settings.count(PEERS, 50)
                    + ": use at most 1000, each peer is an echo responder with two sockets and two threads.");
        }
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        validate(settings);
        int peers = Math.toIntExact(settings.count(PEERS, 50));
        int cycles = Math.toIntExact(settings.count(CYCLES, 20));
        int probes = Math.toIntExact(settings.count(PROBES, 5));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.setThreadCpuTimeEnabled(true);
        ProbeSettings probeSettings = new ProbeSettings(probes, Duration.ofMillis(2), Duration.ofMillis(1_000), THREADS);

        List<EchoResponder> responders = new ArrayList<>();
        try {
            for (int i = 0; i < peers; i++) {
                responders.add(EchoResponder.start("127.0.0.1", 0));
            }
            List<PeerTarget> targets = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                targets.add(new PeerTarget("bench-peer-" + i, "127.0.0.1", responders.get(i).port()));
            }
            progress.printf("Started %d echo responders on 127.0.0.1; %d probes per peer and protocol, %d threads%n",
                    peers, probes, THREADS);
            progress.flush();

            Phase baseline = measure(targets.subList(0, 1), UDP_AND_TCP, probeSettings, cycles, threads);
            progress.printf("Baseline, 1 peer: %.3f ms CPU and %.1f ms wall per cycle%n", baseline.cpuMsPerCycle(),
                    baseline.wallMsPerCycle());
            Phase all = measure(targets, UDP_AND_TCP, probeSettings, cycles, threads);
            progress.printf("%d peers: %.3f ms CPU and %.1f ms wall per cycle, loss %.4f%n", peers, all.cpuMsPerCycle(),
                    all.wallMsPerCycle(), all.meanLoss());
            progress.flush();

            int probesPerCycle = peers * 2 * probes;
            BenchmarkResult.Builder result = BenchmarkResult.builder(name())
                    .figure(PEERS, peers)
                    .figure(CYCLES, cycles)
                    .figure("probes.per.cycle", probesPerCycle)
                    .figure("cpu.ms.per.cycle", all.cpuMsPerCycle(), 3)
                    .figure("cpu.us.per.probe", all.cpuMsPerCycle() * 1_000 / probesPerCycle, 2)
                    .figure("wall.ms.per.cycle", all.wallMsPerCycle(), 1)
                    .figure("loss.ratio", all.meanLoss(), 4)
                    .figure("baseline.cpu.ms.per.cycle", baseline.cpuMsPerCycle(), 3)
                    .figure("cpu.to.baseline", all.cpuMsPerCycle() / baseline.cpuMsPerCycle(), 2);
            addIcmpPhase(result, targets, probeSettings, cycles, threads, progress);
            return result.build();
        } catch (IOException e) {
            throw new BenchmarkException("Cannot start the echo responders on 127.0.0.1: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("Interrupted during a probe cycle", e);
        } finally {
            responders.forEach(EchoResponder::close);
        }
    }

    private static void addIcmpPhase(BenchmarkResult.Builder result, List<PeerTarget> targets, ProbeSettings settings,
            int cycles, ThreadMXBean threads, PrintWriter progress) throws InterruptedException {
        IcmpAvailability icmp = IcmpAvailability.detect();
        if (!icmp.available()) {
            progress.printf("No ICMP phase: %s%n", icmp.reason());
            progress.flush();
            result.figure("icmp.measured", 0);
            return;
        }

        Phase phase = measure(targets, List.of(ProbeProtocol.ICMP), settings, cycles, threads);
        int probesPerCycle = targets.size() * settings.count();
        progress.printf("%d peers, ICMP only: %.3f ms CPU and %.1f ms wall per cycle, loss %.4f%n", targets.size(),
                phase.cpuMsPerCycle(), phase.wallMsPerCycle(), phase.meanLoss());
        progress.flush();
        result.figure("icmp.measured", 1)
                .figure("icmp.cpu.ms.per.cycle", phase.cpuMsPerCycle(), 3)
                .figure("icmp.cpu.us.per.probe", phase.cpuMsPerCycle() * 1_000 / probesPerCycle, 2)
                .figure("icmp.wall.ms.per.cycle", phase.wallMsPerCycle(), 1)
                .figure("icmp.loss.ratio", phase.meanLoss(), 4);
    }

    /** CPU and wall time per cycle and the mean loss ratio of one phase. */
    private record Phase(double cpuMsPerCycle, double wallMsPerCycle, double meanLoss) {
    }

    private static Phase measure(List<PeerTarget> targets, List<ProbeProtocol> protocols, ProbeSettings settings,
            int cycles, ThreadMXBean threads) throws InterruptedException {
        try (LinkProbeCycle cycle = new LinkProbeCycle("bench-node", null, "agent-bench", protocols, settings,
                Clock.systemUTC(), new SimpleMeterRegistry())) {
            for (int i = 0; i < WARM_UP_CYCLES; i++) {
                cycle.run(targets);
            }

            Map<Long, Long> before = probeThreadCpu(threads);
            long wallStart = System.nanoTime();
            double lossSum = 0;
            int events = 0;
            for (int i = 0; i < cycles; i++) {
                for (LinkLatency event : cycle.run(targets)) {
                    lossSum += event.getLossRatio();
                    events++;
                }
            }
            long wallNanos = System.nanoTime() - wallStart;
            Map<Long, Long> after = probeThreadCpu(threads);

            long cpuNanos = 0;
            for (Map.Entry<Long, Long> thread : after.entrySet()) {
                cpuNanos += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            return new Phase(cpuNanos / 1e6 / cycles, wallNanos / 1e6 / cycles, lossSum / events);
        }
    }

    /** Returns CPU nanoseconds by thread id of the probe threads and the current thread. */
    private static Map<Long, Long> probeThreadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(LinkProbeCycle.THREAD_PREFIX)) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        cpu.put(Thread.currentThread().getId(), threads.getCurrentThreadCpuTime());
        return cpu;
    }
}
