package dev.edgeplane.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.lb.act.http.WeightsStore;
import dev.edgeplane.lb.decide.WeightPlannerConfig;
import dev.edgeplane.lb.observe.EndpointSliceDirectory;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The updater on the replica scores that edge agents' probes produce: 2 s windows with one report
 * each and 2 requests per second. Every report counts one request in flight, because the agent
 * reads the count just as it sends a probe. Endpoints come from EndpointSlices on the simulated
 * Kubernetes API, written as the network-namespace testbed writes them, and the weights are those
 * of a client node that runs no replica. A replica slowed to 402 ms must lose its share there.
 */
@WithKafkaBroker
class ProbeRateScoresIntegrationTest {

    private static final String NAMESPACE = "probed";
    private static final String CLIENT = "client-node";
    private static final List<String> TOPICS = List.of(TopicCatalog.REPLICA_SCORES.name(),
            TopicCatalog.LINK_LATENCY.name(), TopicCatalog.LB_WEIGHTS.name(), TopicCatalog.AUDIT_ACTIONS.name(),
            DeadLetters.TOPIC);

    private static final ResourceDefinitionContext FOGSERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("edgeplane.dev").withVersion("v1alpha1").withKind("FogService").withPlural("fogservices")
            .withNamespaced(true).build();

    private static SchemaRegistryServer registry;
    private static SimulatedKubernetes kubernetes;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopicsIfAbsent(2, TOPICS);
        registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-lb-probe-rate").port(0).build().start();
        kubernetes = SimulatedKubernetes.start();
    }

    @AfterAll
    static void stop() {
        kubernetes.close();
        registry.close();
    }

    @Test
    void slowedReplicaLosesShareAtProbeRate(EmbeddedKafkaBroker broker) {
        writeInventory(kubernetes.client());
        Map<String, Object> settings = Map.of(
                LbUpdaterConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                LbUpdaterConfig.SCHEMA_REGISTRY_URL, registry.url(),
                LbUpdaterConfig.APPLICATION_ID, "lb-probe-rate-test",
                LbUpdaterConfig.PLAN_INTERVAL_MS, 200L,
                LbUpdaterConfig.NODE, CLIENT,
                // The scores' windows end up to 16 s before the updater reads them, and on a loaded
                // machine it may plan many seconds later: keep them fresh for the whole test.
                WeightPlannerConfig.OBSERVATION_MAX_AGE_MS, 120_000L);
        String key = NAMESPACE + "/web@" + CLIENT;
        Map<String, ServiceWeights> latest = new HashMap<>();
        SpecificAvroDeserializer<ServiceWeights> reader = TestClients.reader(registry.url());

        try (EndpointSliceDirectory directory = EndpointSliceDirectory.start(kubernetes.client(), NAMESPACE,
                Duration.ofSeconds(10));
                LbUpdater updater = LbUpdater.start(settings, directory, new WeightsStore(), null,
                        new SimpleMeterRegistry(), Clock.systemUTC());
                KafkaConsumer<String, byte[]> weights = TestClients.consumer(broker, TopicCatalog.LB_WEIGHTS.name(), "lb-probe-rate-test-reader");
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new ByteArraySerializer(), new ByteArraySerializer());
                SpecificAvroSerializer<ReplicaScore> scores = TestClients.writer(registry.url());
                SpecificAvroSerializer<LinkLatency> probes = TestClients.writer(registry.url())) {
            Instant start = Instant.now().minusSeconds(16);
            // Four windows of the healthy replicas, then four with web-1 slowed. Each window ends 2 s after the last.
            for (int window = 0; window < 8; window++) {
                Instant end = start.plusSeconds(2L * (window + 1));
                double slowP95 = window < 4 ? 9.0 : 402.0;
                send(producer, scores, score("web-1", "node-1", slowP95, end));
                send(producer, scores, score("web-2", "node-2", 6.0, end));
                send(producer, scores, score("web-3", "node-3", 11.0, end));
            }
            for (String node : List.of("node-1", "node-2", "node-3")) {
                String topic = TopicCatalog.LINK_LATENCY.name();
                producer.send(new ProducerRecord<>(topic, utf8(node), probes.serialize(topic, probe(CLIENT, node))));
            }
            producer.flush();

            // The change limit moves a share by at most 0.1 per plan, so a few plans take web-1 to its floor.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : weights.poll(Duration.ofMillis(100))) {
                    if (record.key().equals(key) && record.value() != null) {
                        latest.put(key, reader.deserialize(record.topic(), record.value()));
                    }
                }
                assertThat(latest).containsKey(key);
                assertThat(endpoint(latest.get(key), "web-1").getWeight()).isLessThan(0.01);
            });
            assertThat(updater.isRunning()).isTrue();
        }

        ServiceWeights set = latest.get(key);
        assertThat(endpoint(set, "web-1").getEndpoint()).isEqualTo("10.1.0.1:8080");
        assertThat(endpoint(set, "web-1").getLatencyP95Ms()).isEqualTo(402.0);
        assertThat(endpoint(set, "web-1").getInFlight()).isEqualTo(1.0);
        assertThat(endpoint(set, "web-2").getWeight()).isGreaterThan(endpoint(set, "web-3").getWeight());
        assertThat(endpoint(set, "web-2").getNetworkRttMicros()).isEqualTo(2_000.0);
    }

    /** Writes the FogService and one slice per replica pod, with the labels and pod reference the testbed uses. */
    private static void writeInventory(KubernetesClient client) {
        client.genericKubernetesResources(FOGSERVICES).inNamespace(NAMESPACE)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("edgeplane.dev/v1alpha1").withKind("FogService")
                        .withNewMetadata().withNamespace(NAMESPACE).withName("web").endMetadata()
                        .build())
                .create();
        for (int i = 1; i <= 3; i++) {
            String pod = "web-" + i;
            client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(new EndpointSliceBuilder()
                    .withNewMetadata()
                        .withNamespace(NAMESPACE).withName(pod)
                        .withLabels(Map.of(EndpointSliceDirectory.SERVICE_NAME_LABEL, "web",
                                EndpointSliceDirectory.FOGSERVICE_LABEL, "web"))
                    .endMetadata()
                    .withAddressType("IPv4")
                    .withEndpoints(new EndpointBuilder()
                            .withAddresses("10.1.0." + i).withNodeName("node-" + i)
                            .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                            .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(NAMESPACE)
                                    .withName(pod).build())
                            .build())
                    .withPorts(new EndpointPortBuilder().withProtocol("TCP").withPort(8080).build())
                    .build()).create();
        }
    }

    /** Returns a score as anomaly detection builds it from one agent report of a 2 s window. */
    private static ReplicaScore score(String pod, String node, double p95Ms, Instant windowEnd) {
        return ReplicaScore.newBuilder()
                .setNamespace(NAMESPACE).setPod(pod).setFogService("web").setNode(node)
                .setWindowStart(windowEnd.minusSeconds(2)).setWindowEnd(windowEnd)
                .setScore(p95Ms > 200 ? 47.0 : 100.0).setSampleCount(1).setLatencyP95Ms(p95Ms)
                .setRequestRate(2.0).setErrorRatio(0.0).setMeanInFlight(1.0)
                .build();
    }

    private static LinkLatency probe(String from, String to) {
        Instant now = Instant.now();
        return LinkLatency.newBuilder()
                .setSourceNode(from).setTargetNode(to)
                .setProbeKind(ProbeKind.NODE_TO_NODE).setProtocol(ProbeProtocol.UDP)
                .setEventTime(now).setReceiveTime(now)
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT).setId(from).build())
                .setProbeCount(3).setRttMicros(2_000.0).setJitterMicros(0.0).setLossRatio(0.0)
                .build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, SpecificAvroSerializer<ReplicaScore> scores,
            ReplicaScore score) {
        String topic = TopicCatalog.REPLICA_SCORES.name();
        producer.send(new ProducerRecord<>(topic, utf8(score.getNamespace() + "/" + score.getPod()),
                scores.serialize(topic, score)));
    }

    private static EndpointWeight endpoint(ServiceWeights set, String pod) {
        return set.getEndpoints().stream().filter(e -> e.getPod().equals(pod)).findFirst().orElseThrow();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
