package dev.edgeplane.cli.testbed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.demo.scenario.DemoScenario;
import dev.edgeplane.demo.stack.EdgeplaneStack;
import dev.edgeplane.demo.stack.StandardComponents;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.lb.LbUpdaterConfig;
import dev.edgeplane.testbed.Testbed;

/**
 * The control plane of a testbed, run as its own JVM inside the control namespace: the embedded
 * stack of {@code edgeplane demo} (broker, schema registry, simulated Kubernetes API, ingest gateway,
 * anomaly detection, scheduler with the rescheduling executor, lb-updater and the inventory publisher),
 * listening on the control namespace's address. It lists the testbed's city, writes the replicas it
 * is given with {@link TestbedInventory}, prints {@link ControlPlaneEvents} lines and then
 * {@value #READY_LINE}, and runs until SIGTERM.
 *
 * <p>Arguments: {@code ADDRESS CITY_SEED EDGE_NODES BROKER_PORT REGISTRY_PORT GATEWAY_PORT
 * [POD=NODE=ADDRESS:PORT ...]}.
 *
 * <p>The rescheduling executor runs in dry-run mode: it audits the eviction it would make, but evicts
 * nothing, because no FogService controller would replace the pod and the replica processes are fixed
 * for the run.
 */
public final class ControlPlaneMain {

    /** The line printed once every component runs. */
    public static final String READY_LINE = "control plane ready";

    /** Length of a replica window, and so the interval between two scores of a replica. */
    static final long REPLICA_WINDOW_MS = 1_000;
    static final long REPLICA_WINDOW_GRACE_MS = 250;
    static final long PLAN_INTERVAL_MS = 500;

    private ControlPlaneMain() {
    }

    /**
     * Returns the demo's anomaly-detection settings with 1 s replica windows and a 250 ms grace.
     * Node windows keep the demo's 2 s, so the link fault's detection times stay comparable.
     * Shorter replica windows bring a slowed replica's scores to the lb-updater sooner; the agents
     * report every 500 ms, so each window still gets two reports.
     */
    static Map<String, Object> anomalySettings() {
        Map<String, Object> settings = new HashMap<>(DemoScenario.anomalySettings());
        settings.put(AnomalyConfig.REPLICA_WINDOW_SIZE_MS_CONFIG, REPLICA_WINDOW_MS);
        settings.put(AnomalyConfig.REPLICA_WINDOW_GRACE_MS_CONFIG, REPLICA_WINDOW_GRACE_MS);
        return settings;
    }

    /**
     * Returns the demo's lb-updater settings with a plan every 500 ms. The change limit moves a share
     * by at most 0.1 per plan, so the plan interval bounds how fast a slowed replica's share can fall.
     */
    static Map<String, Object> lbUpdaterSettings() {
        Map<String, Object> settings = new HashMap<>(DemoScenario.lbUpdaterSettings());
        settings.put(LbUpdaterConfig.PLAN_INTERVAL_MS, PLAN_INTERVAL_MS);
        return settings;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            throw new IllegalArgumentException("Usage: ControlPlaneMain ADDRESS CITY_SEED EDGE_NODES BROKER_PORT "
                    + "REGISTRY_PORT GATEWAY_PORT [POD=NODE=ADDRESS:PORT ...]");
        }
        String address = args[0];
        CityTopology city = Testbed.city(Long.parseLong(args[1]), Integer.parseInt(args[2]));
        int brokerPort = Integer.parseInt(args[3]);
        int registryPort = Integer.parseInt(args[4]);
        int gatewayPort = Integer.parseInt(args[5]);
        List<TestbedInventory.ReplicaEndpoint> replicas = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            replicas.add(TestbedInventory.ReplicaEndpoint.parse(args[i]));
        }

        EdgeplaneStack stack = EdgeplaneStack.builder(city)
                .listenAddress(address, brokerPort, registryPort)
                .withoutReplicaFleet()
                .starters(List.of(StandardComponents.inventoryPublisher(),
                        StandardComponents.ingestGateway(address, gatewayPort),
                        StandardComponents.anomalyDetection(anomalySettings()),
                        StandardComponents.scheduler(true),
                        StandardComponents.lbUpdater(lbUpdaterSettings())))
                .progress(System.out::println)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        ControlPlaneEvents events = null;
        try {
            TestbedInventory.write(stack.context().kubernetes().client(), replicas);
            events = ControlPlaneEvents.start(stack.context().bootstrapServers(), stack.context().registryUrl(), System.out);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        ControlPlaneEvents started = events;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stack.close();
            stopped.countDown();
        }, "edgeplane-testbed-control-plane-shutdown"));
        stack.addresses().forEach((what, where) -> System.out.println(what + ": " + where));
        System.out.println(READY_LINE);
        System.out.flush();
        stopped.await();
    }
}
