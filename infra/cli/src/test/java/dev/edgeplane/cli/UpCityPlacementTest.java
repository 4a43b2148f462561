package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeplane.demo.stack.EdgeplaneStack;
import dev.edgeplane.demo.stack.StandardComponents;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.ingest.simulate.CityLocation;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applies every example FogService to the city that {@code edgeplane up} builds, with its district
 * hubs, and checks that the stack's scheduler binds every pod whose location has a node that fits:
 * video-archive at the north district's hub, city-dashboard in the cloud, and the intersection
 * services wherever an edge node has the capabilities they require.
 */
class UpCityPlacementTest {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    /** Edge capabilities each intersection service requires, as its example declares them. */
    private static final Map<String, Set<String>> EDGE_CAPABILITIES = Map.of(
            "collision-warning", Set.of("realtime", "camera"), "video-analytics", Set.of("gpu"));

    @TempDir
    Path dir;

    @Test
    void examplePodsBoundWhereNodesFit() throws Exception {
        // The traces city when the data sets are there; else a synthetic grid of 64 intersections,
        // because the default 24 lie within the old town and leave the north district empty.
        boolean traces = System.getenv().containsKey(CityTopology.TRACES_DIR_ENV);
        TopologyOptions options = traces ? TopologyOptions.defaults()
                : new TopologyOptions(TopologyOptions.DEFAULT_SEED, 64, 2, 3);
        CityTopology city = UpCommand.city(Optional.empty(), System.getenv(), options,
                UpCommand.DEFAULT_FOG_NODES_PER_DISTRICT);
        long northIntersections = city.intersections().stream().filter(l -> l.district().equals("north")).count();
        assertThat(northIntersections).as("intersections of the north district in %s", city.source()).isPositive();

        try (EdgeplaneStack stack = EdgeplaneStack.builder(city)
                .starters(List.of(StandardComponents.fogServiceController(), StandardComponents.scheduler(true)))
                .kubeconfig(dir.resolve("kubeconfig"))
                .progress(line -> { })
                .start()) {
            publishHubLinkLatencies(stack, city);
            KubernetesClient client = stack.context().kubernetes().client();

            FogServiceManifests.applyExamples(client, "city");

            Map<String, Long> minimumPods = Map.of("city-dashboard", 2L, "video-archive", 2L,
                    "video-analytics", northIntersections, "collision-warning", 2L);
            await().atMost(AT_MOST).untilAsserted(() -> minimumPods.forEach((fogService, minimum) -> {
                List<Pod> pods = pods(client, fogService);
                assertThat(pods).as("pods of %s", fogService).hasSizeGreaterThanOrEqualTo(minimum.intValue());
                assertThat(pods).as("pods of %s at a location with a node that fits", fogService)
                        .filteredOn(pod -> fits(city, fogService, pod))
                        .allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).as(pod.getMetadata().getName())
                                .isNotNull());
            }));

            assertThat(pods(client, "video-archive")).extracting(pod -> pod.getSpec().getNodeName())
                    .allMatch(node -> node.startsWith("fog-district-north-hub-"));
            assertThat(pods(client, "video-analytics")).filteredOn(pod -> pod.getSpec().getNodeName() != null)
                    .as("video-analytics pods bound next to their archive").isNotEmpty();
            for (String fogService : EDGE_CAPABILITIES.keySet()) {
                assertThat(pods(client, fogService)).as("pods of %s where no node fits", fogService)
                        .filteredOn(pod -> !fits(city, fogService, pod))
                        .allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isNull());
            }
        }
    }

    private static List<Pod> pods(KubernetesClient client, String fogService) {
        return client.pods().inNamespace("city").withLabel(PodMetadataKeys.FOGSERVICE_LABEL, fogService).list()
                .getItems();
    }

    /** Returns whether the pod's location has an edge node with the capabilities its FogService requires. */
    private static boolean fits(CityTopology city, String fogService, Pod pod) {
        Set<String> required = EDGE_CAPABILITIES.get(fogService);
        if (required == null) {
            return true;
        }
        String location = pod.getMetadata().getLabels().get(PodMetadataKeys.LOCATION_LABEL);
        return city.nodes(CityNode.Tier.EDGE).stream()
                .anyMatch(node -> node.location().id().equals(location) && node.capabilities().containsAll(required));
    }

    /**
     * Publishes the round-trip time of each edge node to its district's hub nodes, as the edge agents
     * that run beside the stack report it. Without a measurement the scheduler estimates 20 ms
     * between locations, above the 10 ms that video-analytics allows to video-archive at the hub.
     */
    private static void publishHubLinkLatencies(EdgeplaneStack stack, CityTopology city) {
        Instant now = Instant.now();
        try (KafkaProducer<String, LinkLatency> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.context().bootstrapServers()),
                new StringSerializer(),
                new SpecificAvroSerializer<>(RestSchemaRegistryClient.forUrl(stack.context().registryUrl())))) {
            for (CityNode edge : city.nodes(CityNode.Tier.EDGE)) {
                CityLocation location = edge.location();
                for (CityNode hub : city.nodes(CityNode.Tier.FOG)) {
                    if (!hub.location().district().equals(location.district())) {
                        continue;
                    }
                    LinkLatency sample = LinkLatency.newBuilder().setSourceNode(edge.name()).setTargetNode(hub.name())
                            .setProbeKind(ProbeKind.NODE_TO_NODE).setProtocol(ProbeProtocol.ICMP)
                            .setEventTime(now).setReceiveTime(now)
                            .setSource(TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT)
                                    .setId("agent-" + edge.name()).build())
                            .setProbeCount(5).setRttMicros((double) city.roundTripMicros(edge, hub))
                            .setJitterMicros(10.0).setLossRatio(0.0).build();
                    producer.send(new ProducerRecord<>(TopicCatalog.LINK_LATENCY.name(), edge.name(), sample));
                }
            }
            producer.flush();
        }
    }
}
