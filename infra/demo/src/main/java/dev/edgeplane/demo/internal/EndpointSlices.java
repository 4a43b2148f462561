package dev.edgeplane.demo.internal;

import java.util.List;
import java.util.Map;

import dev.edgeplane.demo.replica.Replica;
import dev.edgeplane.lb.observe.EndpointSliceDirectory;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;

/**
 * EndpointSlices that publish the replica servers' addresses. All endpoints of one slice share its
 * ports, and each replica server has its own port, so each replica gets a slice of its own, named
 * after the pod and labelled with its FogService, as the Service name and as the FogService label
 * that the load-balancer updater's slice watch selects on.
 */
public final class EndpointSlices {

    /** Standard label that ties a slice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** Standard label that names the controller managing a slice. */
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY_LABEL} on the slices of the replica fleet. */
    public static final String MANAGED_BY = "replica-fleet.edgeplane.dev";
    /** Name of the one port of each slice. */
    public static final String PORT_NAME = "http";

    private EndpointSlices() {
    }

    /** Builds the slice of {@code replica}, owned by {@code pod}. */
    public static EndpointSlice of(Replica replica, Pod pod) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                    .withName(replica.pod())
                    .withNamespace(replica.namespace())
                    .withLabels(Map.of(SERVICE_NAME_LABEL, replica.service(), MANAGED_BY_LABEL, MANAGED_BY,
                            EndpointSliceDirectory.FOGSERVICE_LABEL, replica.service()))
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("v1").withKind("Pod")
                            .withName(replica.pod()).withUid(pod.getMetadata().getUid())
                            .build())
                .endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(new EndpointBuilder()
                        .withAddresses(replica.ip())
                        .withNodeName(replica.node())
                        .withNewConditions()
                            .withReady(replica.ready())
                            .withServing(replica.ready())
                            .withTerminating(false)
                        .endConditions()
                        .withTargetRef(new ObjectReferenceBuilder()
                                .withKind("Pod").withNamespace(replica.namespace())
                                .withName(replica.pod()).withUid(pod.getMetadata().getUid())
                                .build())
                        .build())
                .withPorts(List.of(new EndpointPortBuilder()
                        .withName(PORT_NAME).withProtocol("TCP").withPort(replica.port())
                        .build()))
                .build();
    }
}
