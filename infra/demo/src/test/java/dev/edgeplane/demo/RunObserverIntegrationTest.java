package dev.edgeplane.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.edgeplane.demo.load.LoadSettings;
import dev.edgeplane.demo.replica.Replica;
import dev.edgeplane.demo.report.HtmlReportWriter;
import dev.edgeplane.demo.report.RunSummary;
import dev.edgeplane.demo.stack.EdgeplaneStack;
import dev.edgeplane.demo.stack.StackContext;
import dev.edgeplane.demo.stack.StandardComponents;
import dev.edgeplane.demo.timeline.EventKind;
import dev.edgeplane.demo.timeline.Timeline;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import dev.edgeplane.lb.LbUpdaterConfig;
import dev.edgeplane.lb.decide.WeightPlannerConfig;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClientConfig;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part of the loop that runs today, on the embedded stack: real replica servers, the
 * lb-updater, the weights topic and the load generator. Replica scores, node health and audit
 * records are produced by the test where anomaly-streams and the scheduler will produce them.
 */
class RunObserverIntegrationTest {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String NAMESPACE = "city";

    @TempDir
    Path dir;

    @Test
    void loadFollowsWeightsAwayFromSlowNode() throws Exception {
        CityTopology city = CityTopology.synthetic(new TopologyOptions(TopologyOptions.DEFAULT_SEED, 2, 2, 1));
        List<String> edge = city.nodes().stream().filter(n -> n.tier() == CityNode.Tier.EDGE).map(CityNode::name).toList();
        String client = edge.get(0);
        String slow = edge.get(1);
        try (EdgeplaneStack stack = EdgeplaneStack.builder(city).clientNode(client)
                .starters(List.of(StandardComponents.lbUpdater(Map.of(LbUpdaterConfig.PLAN_INTERVAL_MS, 300L,
                        WeightPlannerConfig.RAMP_DURATION_MS, 1_000L)))).start()) {
            StackContext context = stack.context();
            runPod(context.kubernetes().client(), "camera-a", client);
            runPod(context.kubernetes().client(), "camera-b", slow);
            await().atMost(AT_MOST).until(() -> context.fleet().replicasOf(NAMESPACE, "camera").stream()
                    .filter(Replica::ready).count() == 2);
            String slowEndpoint = context.fleet().replicasOf(NAMESPACE, "camera").stream()
                    .filter(r -> r.node().equals(slow)).findFirst().orElseThrow().endpoint();

            Timeline timeline = new Timeline(Clock.systemUTC());
            LoadSettings settings = new LoadSettings(NAMESPACE, "camera", client, 100, Duration.ofMillis(500),
                    Duration.ofSeconds(2));
            try (RunObserver observer = RunObserver.start(context.bootstrapServers(), context.registryUrl(),
                    context.fleet(), timeline, settings, new Random(3));
                    KafkaProducer<byte[], byte[]> producer = producer(context);
                    SpecificAvroSerializer<SpecificRecord> serializer = serializer(context)) {
                send(producer, serializer, TopicCatalog.REPLICA_SCORES.name(), "city/camera-a", score("camera-a", client, 8));
                send(producer, serializer, TopicCatalog.REPLICA_SCORES.name(), "city/camera-b", score("camera-b", slow, 8));
                send(producer, serializer, TopicCatalog.NODE_HEALTH.name(), slow, health(slow, NodeHealthState.HEALTHY));
                // A replica scored one cycle after the other ramps up first, so wait for even weights.
                await().atMost(AT_MOST).until(() ->
                        observer.weights().weightOnNode(observer.weightsKey(), slow, Instant.now()) >= 0.45);
                Instant balanced = Instant.now();
                awaitBucketsAfter(observer, balanced);

                observer.faultStarted(slow, "150 ms slower answers");
                Instant faultStart = Instant.now();
                context.behaviour().injectLatency(slow, Duration.ofMillis(150));
                send(producer, serializer, TopicCatalog.NODE_HEALTH.name(), slow, health(slow, NodeHealthState.DEGRADED));
                send(producer, serializer, TopicCatalog.REPLICA_SCORES.name(), "city/camera-b", score("camera-b", slow, 160));
                send(producer, serializer, TopicCatalog.AUDIT_ACTIONS.name(), "d-1", audit());
                await().atMost(AT_MOST).until(() ->
                        observer.weights().weightOnNode(observer.weightsKey(), slow, Instant.now()) <= 0.25);
                Instant shifted = Instant.now();
                awaitBucketsAfter(observer, shifted);
                context.behaviour().clearFaults(slow);
                observer.faultEnded("latency back to normal");
                // The lb-updater audits its weight pushes too; the test's eviction record is the one to wait for.
                await().atMost(AT_MOST).until(() -> observer.audits().stream()
                        .filter(a -> a.getKind() == ActionKind.EVICTION).count() == 1);
                awaitBucketsAfter(observer, Instant.now());

                RunObserver.Result result = observer.finish(dir.resolve("report.html"), "partial loop");
                RunSummary summary = result.summary();

                assertThat(summary.toDetection()).isNotNull();
                assertThat(summary.toWeightsShifted()).isNotNull();
                assertThat(summary.toDecision()).isNull();
                assertThat(result.load().percentileMs(Instant.MIN, Instant.MAX, 100)).isGreaterThanOrEqualTo(150.0);
                assertThat(share(result, slowEndpoint, balanced, faultStart)).isGreaterThan(0.35);
                assertThat(share(result, slowEndpoint, shifted, Instant.MAX)).isLessThan(0.35);
                assertThat(summary.latencies()).allSatisfy(phase -> assertThat(phase.p50Ms()).isNotNaN());
                assertThat(summary.skipReasons()).containsEntry("EVICTION: minimum ready replicas of camera", 1L);
                assertThat(timeline.events()).extracting(e -> e.kind()).contains(EventKind.POD_RUNNING,
                        EventKind.WEIGHTS, EventKind.NODE_STATE, EventKind.ACTION_SKIPPED, EventKind.SCENARIO);
                assertThat(Files.readString(result.report(), StandardCharsets.UTF_8))
                        .contains("id=\"" + HtmlReportWriter.WEIGHTS_ID + "\"").contains("camera-b on " + slow);
            }
        }
    }

    /** Waits for two buckets with responses that start after {@code start}, so each phase has measurements. */
    private static void awaitBucketsAfter(RunObserver observer, Instant start) {
        await().atMost(AT_MOST).until(() -> observer.loadReport().buckets().stream()
                .filter(b -> b.start().isAfter(start) && b.responses() > 0).count() >= 2);
    }

    private static double share(RunObserver.Result result, String endpoint, Instant from, Instant to) {
        Map<String, Long> sent = result.load().sentPerEndpoint(from, to);
        long total = sent.values().stream().mapToLong(Long::longValue).sum();
        return sent.getOrDefault(endpoint, 0L) / (double) total;
    }

    private static void runPod(KubernetesClient client, String name, String node) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels(PodMetadataKeys.FOGSERVICE_LABEL, "camera").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("camera:1").endContainer().endSpec()
                .build()).create();
        client.bindings().inNamespace(NAMESPACE).resource(new BindingBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewTarget().withKind("Node").withApiVersion("v1").withName(node).endTarget()
                .build()).create();
    }

    private static ReplicaScore score(String pod, String node, double p95Ms) {
        Instant now = Instant.now();
        return ReplicaScore.newBuilder()
                .setNamespace(NAMESPACE).setPod(pod).setFogService("camera").setNode(node)
                .setWindowStart(now.minusSeconds(10)).setWindowEnd(now)
                .setScore(80.0).setSampleCount(100).setLatencyP95Ms(p95Ms)
                .setRequestRate(50.0).setErrorRatio(0.0).setMeanInFlight(1.0)
                .build();
    }

    private static NodeHealth health(String node, NodeHealthState state) {
        Instant now = Instant.now();
        return NodeHealth.newBuilder()
                .setNode(node).setState(state)
                .setPreviousState(state == NodeHealthState.HEALTHY ? NodeHealthState.UNKNOWN : NodeHealthState.HEALTHY)
                .setSince(now).setWindowStart(now.minusSeconds(5)).setWindowEnd(now).setWindowGraceMs(1_000)
                .setConsecutiveBadWindows(state == NodeHealthState.HEALTHY ? 0 : 3)
                .setConsecutiveGoodWindows(state == NodeHealthState.HEALTHY ? 3 : 0)
                .setVantagePoints(2).setReasons(List.of()).setEvidence(List.of())
                .build();
    }

    private static ActionAudit audit() {
        return ActionAudit.newBuilder().setDecisionId("d-1").setActionTime(Instant.now()).setActor("edgeplane-test")
                .setKind(ActionKind.EVICTION).setOutcome(ActionOutcome.SKIPPED)
                .setReason("minimum ready replicas of camera").setNamespace(NAMESPACE).setTarget("camera-b")
                .build();
    }

    private static KafkaProducer<byte[], byte[]> producer(StackContext context) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static SpecificAvroSerializer<SpecificRecord> serializer(StackContext context) {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(RestSchemaRegistryClientConfig.URL_CONFIG, context.registryUrl()), false);
        return serializer;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, SpecificAvroSerializer<SpecificRecord> serializer,
            String topic, String key, SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, value)))
                .get();
    }
}
