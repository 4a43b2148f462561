package dev.edgeplane.demo.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.edgeplane.lb.observe.EndpointSliceDirectory;
import dev.edgeplane.demo.internal.EndpointSlices;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import dev.edgeplane.lb.observe.EndpointAddress;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicaFleetTest {

    private static final Duration AT_MOST = Duration.ofSeconds(20);
    private static final String NAMESPACE = "city";

    private static SimulatedKubernetes kubernetes;
    private static KubernetesClient client;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private ReplicaBehaviour behaviour;
    private ReplicaFleet fleet;

    @BeforeAll
    static void startApi() {
        kubernetes = SimulatedKubernetes.builder().podStartupDelay(Duration.ofMillis(50)).start();
        client = kubernetes.client();
        kubernetes.addNode(SimulatedNode.builder("edge-1").location("intersection-1").tier("edge").build());
        kubernetes.addNode(SimulatedNode.builder("edge-2").location("intersection-1").tier("edge").build());
    }

    @AfterAll
    static void stopApi() {
        kubernetes.close();
    }

    @BeforeEach
    void startFleet() {
        behaviour = new ReplicaBehaviour(Duration.ofMillis(1), Duration.ZERO);
        fleet = ReplicaFleet.start(client, behaviour, new FleetListener() {
            @Override
            public void replicaStarted(Replica replica) {
                changes.add("started " + replica.podKey() + " on " + replica.node());
            }

            @Override
            public void replicaStopped(Replica replica, String reason) {
                changes.add("stopped " + replica.podKey() + ": " + reason);
            }
        });
    }

    @AfterEach
    void stopFleet() {
        fleet.close();
        client.pods().inNamespace(NAMESPACE).delete();
    }

    @Test
    void runningPodGetsServerAndSlice() throws Exception {
        createBoundPod("camera-0", "camera", "edge-1");

        Replica replica = awaitReplica("camera-0");
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName("camera-0").get();

        assertThat(replica.service()).isEqualTo("camera");
        assertThat(replica.node()).isEqualTo("edge-1");
        assertThat(get(replica.endpoint()).statusCode()).isEqualTo(200);
        assertThat(slice.getMetadata().getLabels()).containsEntry(EndpointSlices.SERVICE_NAME_LABEL, "camera");
        assertThat(slice.getPorts().get(0).getPort()).isEqualTo(replica.port());
        assertThat(slice.getEndpoints().get(0).getNodeName()).isEqualTo("edge-1");
        assertThat(slice.getEndpoints().get(0).getTargetRef().getName()).isEqualTo("camera-0");
        assertThat(changes).contains("started city/camera-0 on edge-1");
    }

    @Test
    void deletedPodLosesServerAndSlice() throws Exception {
        createBoundPod("camera-1", "camera", "edge-1");
        Replica replica = awaitReplica("camera-1");

        client.pods().inNamespace(NAMESPACE).withName("camera-1").delete();

        await().atMost(AT_MOST).until(() -> fleet.replicasOf(NAMESPACE, "camera").isEmpty());
        await().atMost(AT_MOST).until(() ->
                client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName("camera-1").get() == null);
        assertThatThrownBy(() -> get(replica.endpoint())).isInstanceOf(ConnectException.class);
        assertThat(changes).contains("stopped city/camera-1: pod deleted");
    }

    @Test
    void pendingPodGetsNoServer() {
        createPod("camera-2", "camera");
        createBoundPod("camera-3", "camera", "edge-2");

        awaitReplica("camera-3");

        assertThat(fleet.replicas()).extracting(Replica::pod).containsExactly("camera-3");
    }

    @Test
    void podWithoutFogServiceIgnored() {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName("plain").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("plain:1").endContainer().endSpec()
                .build()).create();
        bind("plain", "edge-1");
        createBoundPod("camera-4", "camera", "edge-1");

        awaitReplica("camera-4");

        assertThat(fleet.replicas()).extracting(Replica::pod).containsExactly("camera-4");
    }

    @Test
    void stoppedNodePausesItsServers() throws Exception {
        createBoundPod("camera-5", "camera", "edge-2");
        Replica replica = awaitReplica("camera-5");

        behaviour.setStopped("edge-2", true);

        assertThatThrownBy(() -> get(replica.endpoint())).isInstanceOf(ConnectException.class);

        behaviour.setStopped("edge-2", false);

        assertThat(get(replica.endpoint()).statusCode()).isEqualTo(200);
    }

    @Test
    void sliceDirectoryResolvesReplicas() {
        createBoundPod("camera-6", "camera", "edge-1");
        Replica replica = awaitReplica("camera-6");

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(client, null, Duration.ofSeconds(30))) {
            await().atMost(AT_MOST).until(() -> directory.lookup(NAMESPACE, "camera-6").isPresent());

            assertThat(directory.lookup(NAMESPACE, "camera-6"))
                    .contains(new EndpointAddress("127.0.0.1", replica.port(), true));
        }
    }

    private Replica awaitReplica(String pod) {
        await().atMost(AT_MOST).until(() -> fleet.server(NAMESPACE, pod) != null);
        return fleet.replicas().stream().filter(r -> r.pod().equals(pod)).findFirst().orElseThrow();
    }

    private void createPod(String name, String service) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels(PodMetadataKeys.FOGSERVICE_LABEL, service).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("camera:1").endContainer().endSpec()
                .build()).create();
    }

    private void createBoundPod(String name, String service, String node) {
        createPod(name, service);
        bind(name, node);
    }

    private void bind(String pod, String node) {
        client.bindings().inNamespace(NAMESPACE).resource(new BindingBuilder()
                .withNewMetadata().withName(pod).endMetadata()
                .withNewTarget().withKind("Node").withApiVersion("v1").withName(node).endTarget()
                .build()).create();
    }

    private HttpResponse<String> get(String endpoint) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
