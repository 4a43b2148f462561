package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.edgeplane.demo.stack.ComponentStarter;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpCommandTest {

    private static final Duration AT_MOST = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void upStartsEverythingAndStopsCleanly() throws Exception {
        List<String> hookCalls = new CopyOnWriteArrayList<>();
        UpCommand command = new UpCommand();
        command.extraStarters.add(ComponentStarter.of("test component", context -> {
            hookCalls.add("started with " + context.bootstrapServers());
            return () -> hookCalls.add("closed");
        }));
        Path kubeconfig = dir.resolve("up.kubeconfig");
        StringWriter output = new StringWriter();
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                .setOut(new PrintWriter(output, true))
                .execute("--apply-examples", "--locations", "4", "--edge-nodes-per-location", "1", "--cloud-nodes", "1",
                        "--fog-nodes-per-district", "1",
                        "--kubeconfig-out", kubeconfig.toString()));
        assertThat(command.awaitRunning(AT_MOST.toSeconds(), TimeUnit.SECONDS)).as("up running; output: %s", output).isTrue();

        String printed = output.toString();
        String bootstrap = address(printed, "Kafka bootstrap servers");
        assertThat(printed).contains("Edgeplane is up:").contains("Started lb-updater").contains("Started test component");
        assertThat(hookCalls).containsExactly("started with " + bootstrap);
        assertThat(get(address(printed, "metrics of scheduler"))).contains("# HELP");
        assertThat(get(address(printed, "metrics of lb-updater"))).contains("edgeplane_lb");
        assertThat(get(address(printed, "schema registry") + "/subjects")).startsWith("[");
        assertThat(get(address(printed, "weights API"))).isNotNull();
        assertThat(get(address(printed, "metrics of ingest gateway"))).contains("edgeplane_ingest");
        String batch = "{\"source\":{\"kind\":\"EDGE_AGENT\",\"id\":\"agent-up-test\"},\"events\":[{\"type\":\"node-metrics\","
                + "\"id\":\"agent-up-test:1\",\"node\":\"edge-1\",\"eventTime\":" + System.currentTimeMillis() + ","
                + "\"cpuUsedCores\":1.5,\"cpuCapacityCores\":4.0,\"memoryUsedBytes\":1073741824,"
                + "\"memoryCapacityBytes\":8589934592,\"rtBandwidthUsedCpus\":0.0,\"podCount\":1}]}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(address(printed, "telemetry endpoint")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":1");
        assertThat(Files.readString(kubeconfig)).contains("server: " + trimSlash(address(printed, "simulated Kubernetes API")));

        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            List<Node> nodes = client.nodes().list().getItems();
            Map<String, Long> byTier = nodes.stream().collect(Collectors.groupingBy(
                    node -> node.getMetadata().getLabels().get("edgeplane.dev/tier"), Collectors.counting()));
            long districts = nodes.stream().map(node -> node.getMetadata().getLabels().get("edgeplane.dev/district"))
                    .filter(district -> !district.equals("cloud")).distinct().count();
            assertThat(byTier).containsEntry("edge", 4L).containsEntry("cloud", 1L).containsEntry("fog", districts);
            // The scheduler of the stack binds the example pods; each bound pod gets a replica server and a slice.
            Pod pod = Awaitility.await().atMost(AT_MOST).until(() -> client.pods().inNamespace("city").list().getItems()
                    .stream().filter(p -> p.getSpec().getNodeName() != null).findFirst().orElse(null), p -> p != null);
            EndpointSlice slice = Awaitility.await().atMost(AT_MOST).until(() -> client.discovery().v1().endpointSlices()
                    .inNamespace("city").withName(pod.getMetadata().getName()).get(), s -> s != null);
            int port = slice.getPorts().get(0).getPort();
            assertThat(get("http://127.0.0.1:" + port + "/")).contains(pod.getMetadata().getName());
        }

        command.stop();

        assertThat(exitCode.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(output.toString()).contains("Stopping test component").contains("Stopped.");
        assertThat(hookCalls).containsExactly("started with " + bootstrap, "closed");
        int brokerPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 1_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void invalidTopologyRejected() {
        CommandRun run = CommandRun.execute(new UpCommand(), "--locations", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid --locations 0: give at least 1 intersection.");
    }

    @Test
    void missingKubeconfigFolderRejectedBeforeStart() {
        long start = System.nanoTime();
        CommandRun run = CommandRun.execute(new UpCommand(), "--kubeconfig-out", "/nonexistent/dir/x.kubeconfig");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Cannot write --kubeconfig-out /nonexistent/dir/x.kubeconfig: the folder"
                + " /nonexistent/dir does not exist. Create it first");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void edgeplaneListsTheUpCommand() {
        assertThat(EdgeplaneCommand.newCommandLine().getSubcommands()).containsKey("up");
    }

    private static String address(String output, String what) {
        Matcher matcher = Pattern.compile("^  " + Pattern.quote(what) + " +(\\S+)$", Pattern.MULTILINE).matcher(output);
        assertThat(matcher.find()).as("address of %s in: %s", what, output).isTrue();
        return matcher.group(1);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }
}
