package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@WithKafkaBroker
class SchedulerCommandTest {

    private static final Pattern MASTER_URL = Pattern.compile("Simulated Kubernetes API at (http://\\S+)");
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @Test
    void embeddedModeSchedulesExamplePodsAndPublishesCityNodes(EmbeddedKafkaBroker broker) throws Exception {
        SchedulerCommand command = new SchedulerCommand();
        StringWriter output = new StringWriter();
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                .setOut(new PrintWriter(output, true)).execute("--embedded", "--bootstrap-server", broker.bootstrapServers(),
                        "--apply-examples", "--executor", "--locations", "8", "--edge-nodes-per-location", "1",
                        "--cloud-nodes", "2"));

        Awaitility.await().atMost(AT_MOST).until(() -> output.toString().contains("Scheduler running") || exitCode.isDone());
        assertThat(output.toString()).contains("rescheduling executor");
        Matcher matcher = MASTER_URL.matcher(output.toString());
        assertThat(matcher.find()).as("printed master URL in: %s", output).isTrue();

        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(matcher.group(1)).build()).build()) {
            Awaitility.await().atMost(AT_MOST).untilAsserted(() -> {
                List<Pod> pods = client.pods().inNamespace("city").list().getItems();
                assertThat(podsOf(pods, "collision-warning")).hasSizeGreaterThanOrEqualTo(2);
                assertThat(podsOf(pods, "city-dashboard")).hasSize(2);
                assertThat(podsOf(pods, "video-archive")).hasSize(2);
                assertThat(pods).allSatisfy(pod -> assertThat(pod.getSpec().getSchedulerName()).isEqualTo("edgeplane"));
                assertThat(podsOf(pods, "city-dashboard")).allSatisfy(pod -> assertThat(pod.getSpec().getNodeName())
                        .as("node of %s", pod.getMetadata().getName()).isNotNull());
            });
        }

        Set<String> expectedNodes = CityTopology.load(Optional.empty(), System.getenv(), new TopologyOptions(
                TopologyOptions.DEFAULT_SEED, 8, 1, 2)).nodes().stream().map(CityNode::name).collect(Collectors.toSet());
        assertThat(nodesPublished(broker, expectedNodes)).containsAll(expectedNodes);

        command.stopRequested.countDown();
        assertThat(exitCode.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void edgeplaneListsTheSchedulerCommand() {
        assertThat(EdgeplaneCommand.newCommandLine().getSubcommands()).containsKey("scheduler");
    }

    @Test
    void realClusterNeedsBrokerAndRegistry() {
        CommandRun run = CommandRun.execute(new SchedulerCommand(), "--kubeconfig", "/nonexistent");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Give --bootstrap-server and --schema-registry for a real cluster");
    }

    @Test
    void examplesOnTheClassPathAreTheManifestFolder() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("..", "k8s", "examples"))) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(FogServiceManifests.EXAMPLE_FILES);
        }
        for (String file : FogServiceManifests.EXAMPLE_FILES) {
            assertThat(SchedulerCommand.class.getResource(FogServiceManifests.EXAMPLES_RESOURCE_DIR + file)).as(file).isNotNull();
        }
        assertThat(SchedulerCommand.class.getResource(FogServiceManifests.CRD_RESOURCE)).isNotNull();
    }

    private static List<Pod> podsOf(List<Pod> pods, String fogService) {
        return pods.stream()
                .filter(pod -> fogService.equals(pod.getMetadata().getLabels().get(PodMetadataKeys.FOGSERVICE_LABEL)))
                .toList();
    }

    private static Set<String> nodesPublished(EmbeddedKafkaBroker broker, Set<String> expected) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "scheduler-command-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("edgeplane.cluster.nodes"));
            Awaitility.await().atMost(AT_MOST).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
                return keys.containsAll(expected);
            });
        }
        return keys;
    }
}
