package dev.edgeplane.demo.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.edgeplane.lb.observe.EndpointAddress;
import dev.edgeplane.lb.observe.EndpointDirectory;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * An {@link EndpointDirectory} that watches the EndpointSlices of every namespace and resolves a
 * pod to the first address and port of the slice endpoint whose target is that pod. Lookups read
 * a map the informer thread keeps current, so they never block. The caller closes it.
 *
 * <p>NOTE: built for the demo stack, whose replica fleet writes one slice per pod; a slice with
 * several ports resolves to its first port. Move it into lb-updater once the updater watches
 * slices itself.
 */
public final class EndpointSliceDirectory implements EndpointDirectory, AutoCloseable {

    private final Map<String, EndpointAddress> byPod = new ConcurrentHashMap<>();
    private final Map<String, Map<String, EndpointAddress>> bySlice = new ConcurrentHashMap<>();
    private final SharedIndexInformer<EndpointSlice> informer;

    private EndpointSliceDirectory(KubernetesClient client) {
        this.informer = client.discovery().v1().endpointSlices().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice slice) {
                put(slice);
            }

            @Override
            public void onUpdate(EndpointSlice oldSlice, EndpointSlice newSlice) {
                put(newSlice);
            }

            @Override
            public void onDelete(EndpointSlice slice, boolean deletedFinalStateUnknown) {
                remove(sliceKey(slice));
            }
        });
    }

    /** Starts watching. Blocks until the informer has listed the slices. */
    public static EndpointSliceDirectory start(KubernetesClient client) {
        return new EndpointSliceDirectory(client);
    }

    @Override
    public Optional<EndpointAddress> lookup(String namespace, String pod) {
        return Optional.ofNullable(byPod.get(namespace + "/" + pod));
    }

    private synchronized void put(EndpointSlice slice) {
        String key = sliceKey(slice);
        remove(key);
        if (slice.getPorts() == null || slice.getPorts().isEmpty() || slice.getPorts().get(0).getPort() == null
                || slice.getEndpoints() == null) {
            return;
        }
        int port = slice.getPorts().get(0).getPort();
        Map<String, EndpointAddress> pods = new ConcurrentHashMap<>();
        for (Endpoint endpoint : slice.getEndpoints()) {
            ObjectReference target = endpoint.getTargetRef();
            if (target == null || !"Pod".equals(target.getKind()) || endpoint.getAddresses() == null
                    || endpoint.getAddresses().isEmpty()) {
                continue;
            }
            boolean ready = endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
            String namespace = target.getNamespace() == null ? slice.getMetadata().getNamespace() : target.getNamespace();
            pods.put(namespace + "/" + target.getName(), new EndpointAddress(endpoint.getAddresses().get(0), port, ready));
        }
        bySlice.put(key, pods);
        byPod.putAll(pods);
    }

    private synchronized void remove(String sliceKey) {
        Map<String, EndpointAddress> pods = bySlice.remove(sliceKey);
        if (pods != null) {
            pods.keySet().forEach(byPod::remove);
        }
    }

    private static String sliceKey(EndpointSlice slice) {
        return slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName();
    }

    /** Stops the informer. */
    @Override
    public void close() {
        informer.close();
    }
}
