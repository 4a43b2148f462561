package dev.edgeplane.lb.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * An {@link EndpointDirectory} that watches the cluster: pod addresses and readiness come from the
 * discovery.k8s.io/v1 EndpointSlices of the services that balance FogService pods.
 *
 * <p>A slice counts when it carries the label {@code edgeplane.dev/fogservice}, which the
 * EndpointSlice controller copies from a service labelled for a FogService, or when its
 * {@code kubernetes.io/service-name} names a FogService in the slice's namespace. Endpoints are
 * matched to pods by their {@code targetRef}. An endpoint without a {@code ready} condition counts as
 * ready, as the EndpointSlice API defines. Only IPv4 slices count, because the iptables renderer
 * writes IPv4 rules. When a slice lists several ports, the unnamed port is used, else the first TCP
 * port by name.
 *
 * <p>Two fabric8 informers keep the slices and FogServices; their threads update the caches, and
 * {@link #lookup} reads the caches' thread-safe indexes from the planning thread without blocking.
 * The caller of {@link #start} closes the directory, which stops the informers; the client stays
 * the caller's.
 */
public final class EndpointSliceDirectory implements EndpointDirectory, AutoCloseable {

    /** Label that marks a service, and the slices copied from it, as a FogService's. */
    public static final String FOGSERVICE_LABEL = "edgeplane.dev/fogservice";
    /** Label with which Kubernetes names the service of an EndpointSlice. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    static final ResourceDefinitionContext FOGSERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("edgeplane.dev").withVersion("v1alpha1").withKind("FogService").withPlural("fogservices")
            .withNamespaced(true).build();

    private static final String POD_INDEX = "pod";

    private final SharedIndexInformer<EndpointSlice> slices;
    private final SharedIndexInformer<GenericKubernetesResource> fogServices;

    private EndpointSliceDirectory(SharedIndexInformer<EndpointSlice> slices,
            SharedIndexInformer<GenericKubernetesResource> fogServices) {
        this.slices = slices;
        this.fogServices = fogServices;
    }

    /**
     * Starts both informers and blocks until their first lists are cached.
     *
     * @param namespace the namespace to watch, or null for every namespace
     * @param syncTimeout longest wait for each first list
     * @throws IllegalStateException if a list did not arrive in time or the wait was interrupted
     */
    public static EndpointSliceDirectory start(KubernetesClient client, String namespace, Duration syncTimeout) {
        SharedIndexInformer<EndpointSlice> slices = namespace == null
                ? client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0)
                : client.discovery().v1().endpointSlices().inNamespace(namespace).runnableInformer(0);
        slices.addIndexers(Map.of(POD_INDEX, EndpointSliceDirectory::podKeys));
        SharedIndexInformer<GenericKubernetesResource> fogServices = namespace == null
                ? client.genericKubernetesResources(FOGSERVICES).inAnyNamespace().runnableInformer(0)
                : client.genericKubernetesResources(FOGSERVICES).inNamespace(namespace).runnableInformer(0);
        EndpointSliceDirectory directory = new EndpointSliceDirectory(slices, fogServices);
        try {
            awaitSync(fogServices, "FogService", syncTimeout, client);
            awaitSync(slices, "EndpointSlice", syncTimeout, client);
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
        return directory;
    }

    @Override
    public Optional<EndpointAddress> lookup(String namespace, String pod) {
        String podKey = namespace + "/" + pod;
        for (EndpointSlice slice : slices.getIndexer().byIndex(POD_INDEX, podKey)) {
            if (!counts(slice)) {
                continue;
            }
            Optional<EndpointAddress> address = addressOf(slice, namespace, pod);
            if (address.isPresent()) {
                return address;
            }
        }
        return Optional.empty();
    }

    private boolean counts(EndpointSlice slice) {
        if (!"IPv4".equals(slice.getAddressType())) {
            return false;
        }
        Map<String, String> labels = slice.getMetadata().getLabels();
        if (labels == null) {
            return false;
        }
        if (labels.containsKey(FOGSERVICE_LABEL)) {
            return true;
        }
        String service = labels.get(SERVICE_NAME_LABEL);
        return service != null && fogServices.getIndexer().getByKey(slice.getMetadata().getNamespace() + "/" + service)
                != null;
    }

    private static Optional<EndpointAddress> addressOf(EndpointSlice slice, String namespace, String pod) {
        Integer port = pickPort(slice.getPorts());
        if (port == null) {
            return Optional.empty();
        }
        for (Endpoint endpoint : slice.getEndpoints()) {
            ObjectReference target = endpoint.getTargetRef();
            if (target == null || !pod.equals(target.getName()) || !namespace.equals(targetNamespace(slice, target))
                    || endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                continue;
            }
            boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                    || endpoint.getConditions().getReady();
            return Optional.of(new EndpointAddress(endpoint.getAddresses().get(0), port, ready));
        }
        return Optional.empty();
    }

    /** Returns the unnamed port, else the first TCP port by name, else null. */
    static Integer pickPort(List<EndpointPort> ports) {
        if (ports == null) {
            return null;
        }
        EndpointPort chosen = null;
        for (EndpointPort port : ports) {
            if (port.getPort() == null || !(port.getProtocol() == null || "TCP".equals(port.getProtocol()))) {
                continue;
            }
            String name = port.getName() == null ? "" : port.getName();
            if (name.isEmpty()) {
                return port.getPort();
            }
            if (chosen == null || name.compareTo(chosen.getName()) < 0) {
                chosen = port;
            }
        }
        return chosen == null ? null : chosen.getPort();
    }

    private static List<String> podKeys(EndpointSlice slice) {
        List<String> keys = new ArrayList<>();
        if (slice.getEndpoints() == null) {
            return keys;
        }
        for (Endpoint endpoint : slice.getEndpoints()) {
            ObjectReference target = endpoint.getTargetRef();
            if (target != null && target.getName() != null && (target.getKind() == null || "Pod".equals(target.getKind()))) {
                keys.add(targetNamespace(slice, target) + "/" + target.getName());
            }
        }
        return keys;
    }

    private static String targetNamespace(EndpointSlice slice, ObjectReference target) {
        return target.getNamespace() != null ? target.getNamespace() : slice.getMetadata().getNamespace();
    }

    private static void awaitSync(SharedIndexInformer<?> informer, String resource, Duration timeout,
            KubernetesClient client) {
        try {
            informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the " + resource + " informer to sync", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The " + resource + " informer did not list within " + timeout.toMillis()
                    + " ms: check that the API server at " + client.getMasterUrl() + " is reachable and that the"
                    + " service account may list and watch " + resource + "s", e);
        }
    }

    /** Stops both informers. Does not block. */
    @Override
    public void close() {
        slices.close();
        fogServices.close();
    }
}
