package dev.edgeplane.cli.testbed;

import java.util.List;
import java.util.Map;

import dev.edgeplane.lb.observe.EndpointSliceDirectory;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Writes the testbed's service into the control plane's simulated Kubernetes API: a critical
 * FogService, one pod bound to the node of each replica process, and one EndpointSlice per pod with
 * the node namespace's address. The scheduler, anomaly detection and the lb-updater then see the
 * replicas under the names and addresses the agents report and the client connects to.
 *
 * <p>No FogService controller runs beside it, because the replica processes are fixed for the run:
 * nothing creates or deletes pods after this class wrote them.
 */
final class TestbedInventory {

    /** Namespace of the testbed's service. */
    static final String NAMESPACE = "city";
    /** The FogService whose replicas run in the node namespaces. */
    static final String SERVICE = "web";

    private TestbedInventory() {
    }

    /** One replica process: its pod name, the node it runs on, and the address and port it serves. */
    record ReplicaEndpoint(String pod, String node, String address, int port) {

        /** Parses {@code POD=NODE=ADDRESS:PORT}. */
        static ReplicaEndpoint parse(String text) {
            String[] parts = text.split("=");
            int colon = parts.length == 3 ? parts[2].lastIndexOf(':') : -1;
            if (colon <= 0) {
                throw new IllegalArgumentException("Invalid replica '" + text + "': expected POD=NODE=ADDRESS:PORT, such"
                        + " as web-1=edge-1=10.213.0.10:8080");
            }
            return new ReplicaEndpoint(parts[0], parts[1], parts[2].substring(0, colon),
                    Integer.parseInt(parts[2].substring(colon + 1)));
        }

        String format() {
            return pod + "=" + node + "=" + address + ":" + port;
        }
    }

    /** Creates the FogService, then each replica's pod and slice. Blocks on each API call. */
    static void write(KubernetesClient client, List<ReplicaEndpoint> replicas) {
        FogService fogService = Serialization.unmarshal(manifest(replicas.size()), FogService.class);
        FogService created = client.resources(FogService.class).inNamespace(NAMESPACE).resource(fogService).create();
        for (ReplicaEndpoint replica : replicas) {
            // Created bound, as a pod pinned with nodeName is, so the scheduler leaves it alone and the
            // simulated kubelet turns it Running.
            Pod pod = client.pods().inNamespace(NAMESPACE).resource(pod(replica, created)).create();
            client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice(replica, pod)).create();
        }
    }

    private static String manifest(int replicas) {
        return """
                apiVersion: edgeplane.dev/v1alpha1
                kind: FogService
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  critical: true
                  template:
                    spec:
                      containers:
                        - name: web
                          image: edgeplane/testbed-replica:1
                  placements:
                    - locationSelector:
                        matchLabels:
                          edgeplane.dev/tier: edge
                      replicas: %d
                  requirements:
                    nodeLabels:
                      edgeplane.dev/tier: edge
                  loadBalancing:
                    policy: LatencyAware
                """.formatted(SERVICE, NAMESPACE, replicas);
    }

    private static Pod pod(ReplicaEndpoint replica, FogService owner) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(replica.pod())
                    .withNamespace(NAMESPACE)
                    .addToLabels(PodMetadataKeys.FOGSERVICE_LABEL, SERVICE)
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion(FogService.GROUP + "/v1alpha1").withKind("FogService")
                            .withName(SERVICE).withUid(owner.getMetadata().getUid()).withController(true)
                            .build())
                .endMetadata()
                .withNewSpec()
                    .withSchedulerName(PodMetadataKeys.SCHEDULER_NAME)
                    .withNodeName(replica.node())
                    .addNewContainer().withName("web").withImage("edgeplane/testbed-replica:1").endContainer()
                .endSpec()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice slice(ReplicaEndpoint replica, Pod pod) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                    .withName(replica.pod())
                    .withNamespace(NAMESPACE)
                    .withLabels(Map.of(EndpointSliceDirectory.SERVICE_NAME_LABEL, SERVICE,
                            EndpointSliceDirectory.FOGSERVICE_LABEL, SERVICE))
                .endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(new EndpointBuilder()
                        .withAddresses(replica.address())
                        .withNodeName(replica.node())
                        .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                        .withTargetRef(new ObjectReferenceBuilder()
                                .withKind("Pod").withNamespace(NAMESPACE)
                                .withName(replica.pod()).withUid(pod.getMetadata().getUid())
                                .build())
                        .build())
                .withPorts(List.of(new EndpointPortBuilder().withProtocol("TCP").withPort(replica.port()).build()))
                .build();
    }
}
