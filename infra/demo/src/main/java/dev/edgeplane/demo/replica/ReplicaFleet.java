package dev.edgeplane.demo.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.demo.internal.EndpointSlices;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ReplicaServer} per Running FogService pod of a Kubernetes API, as the pods'
 * containers would run on their nodes, and publishes each server's address as an EndpointSlice.
 *
 * <p>A pod informer drives it: a pod labelled {@value PodMetadataKeys#FOGSERVICE_LABEL} that is
 * bound to a node and in phase Running gets a server on 127.0.0.1 and a slice named after the pod,
 * whose endpoint is ready while the pod's Ready condition is true. A pod that is deleted, ends or
 * starts terminating loses both. A node stopped through {@link ReplicaBehaviour#setStopped} pauses
 * its servers and keeps their slices, as a crashed process leaves its endpoint behind until probes
 * notice.
 *
 * <p>Threads: the informer's handler thread starts and stops servers and writes slices; listener
 * calls run on it. The snapshot methods are safe from any thread. The caller closes the fleet
 * before the Kubernetes client it was given.
 */
public final class ReplicaFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFleet.class);

    private record Running(ReplicaServer server, Replica replica, String uid) {
    }

    private final KubernetesClient client;
    private final ReplicaBehaviour behaviour;
    private final ScheduledExecutorService delays = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "replica-fleet-delays");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();
    private SharedIndexInformer<Pod> informer;
    private volatile boolean closed;

    private ReplicaFleet(KubernetesClient client, ReplicaBehaviour behaviour) {
        this.client = Objects.requireNonNull(client, "client");
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    }

    /**
     * Starts the fleet: watches the pods of every namespace and starts a server for each Running
     * FogService pod already there. Blocks until the informer has listed the pods.
     *
     * @param client client of the API to watch; the caller keeps ownership
     * @param listeners receive every change, from the first pod listed on
     */
    public static ReplicaFleet start(KubernetesClient client, ReplicaBehaviour behaviour, FleetListener... listeners) {
        ReplicaFleet fleet = new ReplicaFleet(client, behaviour);
        fleet.listeners.addAll(List.of(listeners));
        behaviour.addStopListener(fleet::applyStopped);
        fleet.informer = client.pods().inAnyNamespace().inform(fleet.new PodHandler());
        log.info("Replica fleet watches the pods of {}", client.getMasterUrl());
        return fleet;
    }

    /** Adds a listener for changes from now on. */
    public void addListener(FleetListener listener) {
        listeners.add(listener);
    }

    /** Returns the running replicas, in no particular order. */
    public List<Replica> replicas() {
        return running.values().stream().map(Running::replica).toList();
    }

    /** Returns the running replicas of one FogService. */
    public List<Replica> replicasOf(String namespace, String service) {
        return replicas().stream()
                .filter(r -> r.namespace().equals(namespace) && r.service().equals(service))
                .toList();
    }

    /** Returns the server of {@code namespace/pod}, or null when none runs. */
    public ReplicaServer server(String namespace, String pod) {
        Running entry = running.get(namespace + "/" + pod);
        return entry == null ? null : entry.server();
    }

    /** Stops the informer and every server and deletes their slices. Blocks on the API calls. */
    @Override
    public void close() {
        closed = true;
        if (informer != null) {
            informer.close();
        }
        for (String key : new ArrayList<>(running.keySet())) {
            stop(key, "replica fleet closed");
        }
        delays.shutdownNow();
        try {
            delays.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void applyStopped(String node, boolean stopped) {
        for (Running entry : running.values()) {
            if (entry.replica().node().equals(node)) {
                if (stopped) {
                    entry.server().pause();
                } else {
                    entry.server().resume();
                }
            }
        }
    }

    private void reconcile(Pod pod) {
        String service = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(PodMetadataKeys.FOGSERVICE_LABEL);
        if (service == null || closed) {
            return;
        }
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Running current = running.get(key);
        String stopReason = stopReason(pod);
        if (stopReason != null) {
            if (current != null) {
                stop(key, stopReason);
            }
            return;
        }
        if (current != null && !current.uid().equals(pod.getMetadata().getUid())) {
            stop(key, "pod replaced by a new pod of the same name");
            current = null;
        }
        if (current == null) {
            startReplica(key, service, pod);
        } else if (current.replica().ready() != isReady(pod)) {
            Replica changed = withReady(current.replica(), isReady(pod));
            running.put(key, new Running(current.server(), changed, current.uid()));
            writeSlice(changed, pod);
            listeners.forEach(listener -> listener.replicaReadinessChanged(changed));
        }
    }

    private void startReplica(String key, String service, Pod pod) {
        String node = pod.getSpec().getNodeName();
        ReplicaServer server = ReplicaServer.start(key, node, behaviour, delays);
        Replica replica = new Replica(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), service, node,
                "127.0.0.1", server.port(), isReady(pod));
        // The slice first: a caller that sees the replica in replicas() can then resolve it through its slice.
        writeSlice(replica, pod);
        running.put(key, new Running(server, replica, pod.getMetadata().getUid()));
        log.info("Replica {} of {} runs on node {} at {}", key, service, node, replica.endpoint());
        listeners.forEach(listener -> listener.replicaStarted(replica));
    }

    private void stop(String key, String reason) {
        Running entry = running.remove(key);
        if (entry == null) {
            return;
        }
        entry.server().close();
        log.info("Replica {} on node {} stopped: {}", key, entry.replica().node(), reason);
        deleteSlice(entry.replica());
        listeners.forEach(listener -> listener.replicaStopped(entry.replica(), reason));
    }

    /** Returns why the pod has no running container, or null when it has one. */
    private static String stopReason(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "pod terminating";
        }
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
            return "pod not bound";
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Running".equals(phase) ? null : "pod " + (phase == null ? "without phase" : phase);
    }

    private static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    private static Replica withReady(Replica r, boolean ready) {
        return new Replica(r.namespace(), r.pod(), r.service(), r.node(), r.ip(), r.port(), ready);
    }

    private void writeSlice(Replica replica, Pod pod) {
        try {
            client.discovery().v1().endpointSlices().inNamespace(replica.namespace())
                    .resource(EndpointSlices.of(replica, pod))
                    .createOr(NonDeletingOperation::update);
        } catch (KubernetesClientException e) {
            // The next change of the pod writes the slice again; until then the lb cannot resolve it.
            log.warn("Failed to write the EndpointSlice of {}: HTTP {} {}; retrying on the pod's next change",
                    replica.podKey(), e.getCode(), e.getMessage());
        }
    }

    private void deleteSlice(Replica replica) {
        try {
            client.discovery().v1().endpointSlices().inNamespace(replica.namespace()).withName(replica.pod()).delete();
        } catch (KubernetesClientException e) {
            log.warn("Failed to delete the EndpointSlice of {}: HTTP {} {}; delete it by hand", replica.podKey(),
                    e.getCode(), e.getMessage());
        }
    }

    /** Runs on the informer's handler thread; one failure must not stop later events. */
    private final class PodHandler implements ResourceEventHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            safely(pod, () -> reconcile(pod));
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            safely(newPod, () -> reconcile(newPod));
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            safely(pod, () -> stop(key, "pod deleted"));
        }

        private void safely(Pod pod, Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("Replica fleet failed to handle pod {}/{}; it is handled again on its next change",
                        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e);
            }
        }
    }
}
