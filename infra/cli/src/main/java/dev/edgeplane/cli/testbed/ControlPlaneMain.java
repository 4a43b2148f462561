package dev.edgeplane.cli.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.edgeplane.demo.scenario.DemoScenario;
import dev.edgeplane.demo.stack.EdgeplaneStack;
import dev.edgeplane.demo.stack.StandardComponents;
import dev.edgeplane.ingest.simulate.CityTopology;
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

    private ControlPlaneMain() {
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
                        StandardComponents.anomalyDetection(DemoScenario.anomalySettings()),
                        StandardComponents.scheduler(true),
                        StandardComponents.lbUpdater(DemoScenario.lbUpdaterSettings())))
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
