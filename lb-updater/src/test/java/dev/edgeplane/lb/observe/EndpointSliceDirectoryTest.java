package dev.edgeplane.lb.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.edgeplane.k8ssim.SimulatedKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EndpointSlice directory against the simulated Kubernetes API. */
class EndpointSliceDirectoryTest {

    private static final Duration SYNC = Duration.ofSeconds(10);

    private SimulatedKubernetes kubernetes;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        kubernetes = SimulatedKubernetes.start();
        client = kubernetes.client();
    }

    @AfterEach
    void stop() {
        kubernetes.close();
    }

    @Test
    void resolvesPodsOfFogServiceSlices() {
        createFogService("city", "camera");
        createSlice(slice("city", "camera-abc", Map.of(EndpointSliceDirectory.SERVICE_NAME_LABEL, "camera"), "IPv4",
                List.of(port("", 8080)),
                endpoint("camera-0", "10.0.0.1", true), endpoint("camera-1", "10.0.0.2", false),
                endpoint("camera-2", "10.0.0.3", null)));

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(client, null, SYNC)) {
            assertThat(directory.lookup("city", "camera-0")).contains(new EndpointAddress("10.0.0.1", 8080, true));
            assertThat(directory.lookup("city", "camera-1")).contains(new EndpointAddress("10.0.0.2", 8080, false));
            assertThat(directory.lookup("city", "camera-2")).contains(new EndpointAddress("10.0.0.3", 8080, true));
            assertThat(directory.lookup("city", "camera-9")).isEmpty();
            assertThat(directory.lookup("town", "camera-0")).isEmpty();
        }
    }

    @Test
    void ignoresSlicesOfOtherServices() {
        createSlice(slice("city", "other-abc", Map.of(EndpointSliceDirectory.SERVICE_NAME_LABEL, "other"), "IPv4",
                List.of(port("", 80)), endpoint("other-0", "10.0.1.1", true)));

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(client, null, SYNC)) {
            assertThat(directory.lookup("city", "other-0")).isEmpty();
        }
    }

    @Test
    void labelledSliceCountsWithoutFogService() {
        createSlice(slice("city", "gate-abc", Map.of(EndpointSliceDirectory.SERVICE_NAME_LABEL, "gate-svc",
                EndpointSliceDirectory.FOGSERVICE_LABEL, "gate"), "IPv4", List.of(port("", 9000)),
                endpoint("gate-0", "10.0.2.1", true)));

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(client, "city", SYNC)) {
            assertThat(directory.lookup("city", "gate-0")).contains(new EndpointAddress("10.0.2.1", 9000, true));
        }
    }

    @Test
    void ipv6SliceIsIgnored() {
        createSlice(slice("city", "gate-v6", Map.of(EndpointSliceDirectory.FOGSERVICE_LABEL, "gate"), "IPv6",
                List.of(port("", 9000)), endpoint("gate-0", "fd00::1", true)));

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(client, null, SYNC)) {
            assertThat(directory.lookup("city", "gate-0")).isEmpty();
        }
    }

    @Test
    void followsReadinessChangesAndDeletes() {
        createFogService("city", "camera");
        EndpointSlice notReady = slice("city", "camera-abc", Map.of(EndpointSliceDirectory.SERVICE_NAME_LABEL, "camera"),
                "IPv4", List.of(port("", 8080)), endpoint("camera-0", "10.0.0.1", false));
        createSlice(notReady);

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(client, null, SYNC)) {
            assertThat(directory.lookup("city", "camera-0")).map(EndpointAddress::ready).contains(false);

            client.discovery().v1().endpointSlices().inNamespace("city").resource(
                    new EndpointSliceBuilder(notReady).withEndpoints(endpoint("camera-0", "10.0.0.7", true)).build())
                    .update();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(directory.lookup("city", "camera-0"))
                            .contains(new EndpointAddress("10.0.0.7", 8080, true)));

            client.discovery().v1().endpointSlices().inNamespace("city").withName("camera-abc").delete();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(directory.lookup("city", "camera-0")).isEmpty());
        }
    }

    @Test
    void fogServiceCreatedLaterCounts() {
        createSlice(slice("city", "camera-abc", Map.of(EndpointSliceDirectory.SERVICE_NAME_LABEL, "camera"), "IPv4",
                List.of(port("", 8080)), endpoint("camera-0", "10.0.0.1", true)));

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(client, null, SYNC)) {
            assertThat(directory.lookup("city", "camera-0")).isEmpty();

            createFogService("city", "camera");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(directory.lookup("city", "camera-0")).isPresent());
        }
    }

    @Test
    void pickPortPrefersUnnamed() {
        assertThat(EndpointSliceDirectory.pickPort(List.of(port("metrics", 9090), port("", 8080)))).isEqualTo(8080);
        assertThat(EndpointSliceDirectory.pickPort(List.of(port("web", 8080), port("api", 9000)))).isEqualTo(9000);
        EndpointPort udp = new EndpointPortBuilder().withName("").withPort(53).withProtocol("UDP").build();
        assertThat(EndpointSliceDirectory.pickPort(List.of(udp))).isNull();
        assertThat(EndpointSliceDirectory.pickPort(null)).isNull();
    }

    private void createFogService(String namespace, String name) {
        GenericKubernetesResource fogService = new GenericKubernetesResourceBuilder()
                .withApiVersion("edgeplane.dev/v1alpha1").withKind("FogService")
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .build();
        client.genericKubernetesResources(EndpointSliceDirectory.FOGSERVICES).inNamespace(namespace)
                .resource(fogService).create();
    }

    private void createSlice(EndpointSlice slice) {
        client.discovery().v1().endpointSlices().inNamespace(slice.getMetadata().getNamespace()).resource(slice)
                .create();
    }

    private static EndpointSlice slice(String namespace, String name, Map<String, String> labels, String addressType,
            List<EndpointPort> ports, Endpoint... endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withAddressType(addressType).withPorts(ports).withEndpoints(endpoints)
                .build();
    }

    private static EndpointPort port(String name, int number) {
        return new EndpointPortBuilder().withName(name).withPort(number).withProtocol("TCP").build();
    }

    /** Builds an endpoint of a pod; {@code ready} null leaves the condition out. */
    private static Endpoint endpoint(String pod, String ip, Boolean ready) {
        EndpointBuilder builder = new EndpointBuilder().withAddresses(ip)
                .withNewTargetRef().withKind("Pod").withName(pod).endTargetRef();
        if (ready != null) {
            builder.withNewConditions().withReady(ready).endConditions();
        }
        return builder.build();
    }
}
