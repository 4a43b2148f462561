package dev.edgeplane.ingest.agent;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.ingest.agent.internal.BatchSender;
import dev.edgeplane.ingest.agent.internal.EventBuffer;
import dev.edgeplane.ingest.agent.internal.GatewaySender;
import dev.edgeplane.ingest.agent.internal.KafkaSender;
import dev.edgeplane.ingest.agent.internal.NodeMetricsCollector;
import dev.edgeplane.ingest.agent.internal.ReplicaProber;
import dev.edgeplane.ingest.agent.internal.SendLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge agent. It probes links to the control node and peers, reads node metrics and probes
 * the replicas on its node. It sends the events to the ingest gateway or to Kafka through a
 * bounded buffer that keeps each event until it is acknowledged. The package's DESIGN.md lists
 * its threads.
 *
 * <p>{@link #start} returns once the echo responder listens and the loops run. The caller closes
 * the agent, which stops every thread and waits a bounded time for buffered events to be sent.
 */
public final class EdgeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);

    /** Time {@link #close()} waits for buffered events to be acknowledged. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final AgentConfig config;
    private final EventBuffer buffer;
    private final SendLoop sendLoop;
    private final EchoResponder echo;
    private final LinkProbeCycle probeCycle;
    private final NodeMetricsCollector nodeMetrics;
    private final ExecutorService replicaExecutor;
    private final HttpClient replicaClient;
    private final ReplicaProber replicaProber;
    private final ScheduledExecutorService probeScheduler;
    private final ScheduledExecutorService scheduler;
    private final Counter taskFailures;

    private EdgeAgent(AgentConfig config, MeterRegistry meters, Clock clock, EchoResponder echo,
            List<ProbeProtocol> protocols) {
        this.config = config;
        this.echo = echo;
        this.buffer = new EventBuffer(config.bufferMaxEvents(), config.agentId(), clock.millis() * 1_000);
        Gauge.builder("edgeplane.agent.buffer.depth", buffer, EventBuffer::size).register(meters);
        FunctionCounter.builder("edgeplane.agent.events.dropped", buffer, EventBuffer::dropped)
                .tag("reason", "buffer.full").register(meters);
        this.taskFailures = meters.counter("edgeplane.agent.task.failures");

        this.sendLoop = new SendLoop(buffer, sender(config, clock), config.batchMaxEvents(), config.sendLinger(),
                config.sendBackoffInitial(), config.sendBackoffMax(), meters);
        String controlName = config.controlNode() == null ? null : config.controlNode().node();
        this.probeCycle = new LinkProbeCycle(config.node(), controlName, config.agentId(), protocols,
                config.probeSettings(), clock, meters);
        this.nodeMetrics = new NodeMetricsCollector(config.node(), config.agentId(), config.procRoot(),
                config.cgroupRoot(), config.cgroupPath(), config.podsCgroupPath(), config.clockTicksPerSecond(),
                config.rtScanEnabled(), clock, System::nanoTime, meters);
        // Java 17's HttpClient has no close, so it gets an executor that close() can stop.
        this.replicaExecutor = Executors.newCachedThreadPool(daemon("edgeplane-agent-replica-http"));
        this.replicaClient = HttpClient.newBuilder().connectTimeout(config.replicaProbeTimeout())
                .executor(replicaExecutor).build();
        this.replicaProber = new ReplicaProber(config.node(), config.agentId(), config.replicas(), replicaClient,
                config.replicaProbeTimeout(), clock);
        this.probeScheduler = Executors.newSingleThreadScheduledExecutor(daemon("edgeplane-agent-probe-cycle"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("edgeplane-agent-scheduler"));
    }

    /**
     * Starts the agent. Blocks only to check whether ICMP is available (up to a second), bind the
     * echo responder and read the first node metrics.
     *
     * @param meters receives the agent's metrics, named {@code edgeplane.agent.*}; the caller owns it
     * @throws IOException if the echo responder cannot listen on its port
     * @throws ConfigException if {@value AgentConfigDef#PROBE_ICMP} is on but this process cannot
     *     send ICMP echo requests, or {@value AgentConfigDef#PROC_ROOT} has no readable {@code stat}
     *     and {@code meminfo}; the message explains why and how to fix it
     */
    public static EdgeAgent start(AgentConfig config, MeterRegistry meters, Clock clock) throws IOException {
        return start(config, meters, clock, IcmpAvailability::detect);
    }

    /**
     * Fails the start when procfs is not at {@code procRoot}: the agent could never report node
     * metrics, and a wrong mount would otherwise show only as a warning every interval.
     */
    private static void checkProcfs(Path procRoot) {
        for (String file : List.of("stat", "meminfo")) {
            Path path = procRoot.resolve(file);
            if (!Files.isReadable(path)) {
                throw new ConfigException(AgentConfigDef.PROC_ROOT, procRoot.toString(), "Cannot read " + path
                        + ", so the agent could not report node metrics. Set " + AgentConfigDef.PROC_ROOT
                        + " (--proc-root) to the folder where procfs is mounted, such as the host's /proc mounted"
                        + " into the pod.");
            }
        }
    }

    private static EchoResponder startEcho(AgentConfig config) throws IOException {
        try {
            return EchoResponder.start(config.echoBindAddress(), config.echoPort());
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " The port is " + AgentConfigDef.ECHO_PORT + "; 0 picks a free one.", e);
        }
    }

    static EdgeAgent start(AgentConfig config, MeterRegistry meters, Clock clock,
            Supplier<IcmpAvailability> icmpCheck) throws IOException {
        checkProcfs(config.procRoot());
        List<ProbeProtocol> protocols = probeProtocols(config, icmpCheck);
        EchoResponder echo = config.echoEnabled() ? startEcho(config) : null;
        EdgeAgent agent;
        try {
            agent = new EdgeAgent(config, meters, clock, echo, protocols);
        } catch (RuntimeException e) {
            if (echo != null) {
                echo.close();
            }
            throw e;
        }
        agent.startLoops();
        LOG.info("Edge agent {} on node {} started: {} probe targets, {} replicas, sending to {}", config.agentId(),
                config.node(), config.probeTargets().size(), config.replicas().size(),
                config.sink() == AgentConfig.Sink.GATEWAY ? config.gatewayUri() : "Kafka at " + config.bootstrapServers());
        return agent;
    }

    /**
     * Returns the configured protocols, followed by ICMP when {@value AgentConfigDef#PROBE_ICMP}
     * is on or auto and {@code icmpCheck} finds it available. Logs one line on the outcome.
     */
    static List<ProbeProtocol> probeProtocols(AgentConfig config, Supplier<IcmpAvailability> icmpCheck) {
        IcmpMode mode = config.icmpMode();
        if (mode == IcmpMode.OFF || config.probeTargets().isEmpty()) {
            return config.protocols();
        }

        IcmpAvailability icmp = icmpCheck.get();
        if (!icmp.available()) {
            if (mode == IcmpMode.ON) {
                throw new ConfigException(AgentConfigDef.PROBE_ICMP, "on", "ICMP probes cannot run: " + icmp.reason()
                        + " Or set " + AgentConfigDef.PROBE_ICMP + "=auto to run without them.");
            }
            LOG.info("Agent {} on node {}: ICMP probes are off because {} Set {}=off to skip this check.",
                    config.agentId(), config.node(), icmp.reason(), AgentConfigDef.PROBE_ICMP);
            return config.protocols();
        }

        LOG.info("Agent {} on node {}: ICMP probes are on because {}", config.agentId(), config.node(), icmp.reason());
        List<ProbeProtocol> protocols = new ArrayList<>(config.protocols());
        protocols.add(ProbeProtocol.ICMP);
        return List.copyOf(protocols);
    }

    private static BatchSender sender(AgentConfig config, Clock clock) {
        if (config.sink() == AgentConfig.Sink.GATEWAY) {
            return new GatewaySender(config.gatewayUri(), config.agentId(), config.gatewayToken(), config.gatewayTimeout(),
                    clock);
        }
        return new KafkaSender(config.bootstrapServers(), Map.of(AgentConfigDef.SCHEMA_REGISTRY_URL,
                config.schemaRegistryUrl()), config.agentId(), config.kafkaDeliveryTimeout(), clock);
    }

    private void startLoops() {
        sendLoop.start();
        runSafely("node metrics baseline", this::collectNodeMetrics);
        List<PeerTarget> targets = config.probeTargets();
        if (!targets.isEmpty()) {
            probeScheduler.scheduleAtFixedRate(() -> runSafely("probe cycle", () -> probeLinks(targets)), 0,
                    config.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        long nodeMs = config.nodeMetricsInterval().toMillis();
        scheduler.scheduleAtFixedRate(() -> runSafely("node metrics", this::collectNodeMetrics), nodeMs, nodeMs,
                TimeUnit.MILLISECONDS);
        if (!config.replicas().isEmpty()) {
            long probeMs = config.replicaProbeInterval().toMillis();
            long reportMs = config.replicaReportInterval().toMillis();
            scheduler.scheduleAtFixedRate(() -> runSafely("replica probes", replicaProber::probeAll), 0, probeMs,
                    TimeUnit.MILLISECONDS);
            scheduler.scheduleAtFixedRate(() -> runSafely("replica report", () -> addAll(replicaProber.report())),
                    reportMs, reportMs, TimeUnit.MILLISECONDS);
        }
    }

    private interface Task {
        void run() throws Exception;
    }

    /** Runs a periodic task so that a failure is logged and counted instead of cancelling later runs. */
    private void runSafely(String name, Task task) {
        try {
            task.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            taskFailures.increment();
            LOG.warn("Agent {} on node {}: {} failed, next attempt at the next interval: {}", config.agentId(),
                    config.node(), name, e.toString());
        }
    }

    private void probeLinks(List<PeerTarget> targets) throws InterruptedException {
        addAll(probeCycle.run(targets));
    }

    private void collectNodeMetrics() throws IOException {
        nodeMetrics.collect().ifPresent(buffer::add);
    }

    private void addAll(List<? extends SpecificRecord> records) {
        records.forEach(buffer::add);
    }

    /** Returns the port of the echo responder, or -1 when it is disabled. */
    public int echoPort() {
        return echo == null ? -1 : echo.port();
    }

    /** Returns the number of events waiting for acknowledgement. */
    public int bufferedEvents() {
        return buffer.size();
    }

    /** Returns the number of events dropped because the buffer was full. */
    public long droppedEvents() {
        return buffer.dropped();
    }

    /** Stops probing and waits up to {@code drainTimeout} for buffered events to be sent, then stops. */
    public void close(Duration drainTimeout) {
        probeScheduler.shutdownNow();
        scheduler.shutdownNow();
        probeCycle.close();
        sendLoop.close(drainTimeout);
        replicaExecutor.shutdownNow();
        if (echo != null) {
            echo.close();
        }
        LOG.info("Edge agent {} on node {} stopped; {} events dropped while the buffer was full", config.agentId(),
                config.node(), buffer.dropped());
    }

    /** Stops the agent, waiting up to {@link #DEFAULT_DRAIN_TIMEOUT} for buffered events. */
    @Override
    public void close() {
        close(DEFAULT_DRAIN_TIMEOUT);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
