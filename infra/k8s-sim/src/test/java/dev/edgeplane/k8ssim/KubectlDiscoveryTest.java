package dev.edgeplane.k8ssim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the installed kubectl against the simulated API, whose discovery documents let kubectl map
 * resource names to paths. Skipped when kubectl is not on the PATH.
 */
class KubectlDiscoveryTest {

  /** The FogService CRD as the repository ships it; tests run in the module's folder. */
  private static final Path FOG_SERVICE_CRD = Path.of("../k8s/crds/fogservices.edgeplane.dev-v1.yml");
  private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  static Path dir;

  private static Path kubectl;
  private static SimulatedKubernetes kubernetes;
  private static Path kubeconfig;

  @BeforeAll
  static void startApi() throws Exception {
    kubectl = onPath("kubectl");
    assumeTrue(kubectl != null, "kubectl is not on the PATH; install kubectl to run the kubectl discovery test");

    kubernetes = SimulatedKubernetes.builder().podStartupDelay(Duration.ZERO).start();
    KubernetesClient client = kubernetes.client();
    kubernetes.addNode(SimulatedNode.builder("edge-1").location("intersection-7").tier("edge").build());
    kubernetes.addNode(SimulatedNode.builder("cloud-1").location("cloud-central").tier("cloud").build());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("city").endMetadata().build())
        .create();
    client.apiextensions().v1().customResourceDefinitions()
        .resource(Serialization.unmarshal(Files.readString(FOG_SERVICE_CRD), CustomResourceDefinition.class))
        .create();
    client.genericKubernetesResources("edgeplane.dev/v1alpha1", "FogService").inNamespace("city")
        .resource(new GenericKubernetesResourceBuilder().withApiVersion("edgeplane.dev/v1alpha1")
            .withKind("FogService").withNewMetadata().withName("camera").withNamespace("city").endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("critical", true)))
            .build())
        .create();
    client.pods().inNamespace("city").resource(new PodBuilder()
        .withNewMetadata().withName("camera-0").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("camera:1").endContainer().endSpec()
        .build()).create();
    client.bindings().inNamespace("city").resource(new BindingBuilder()
        .withNewMetadata().withName("camera-0").endMetadata()
        .withNewTarget().withKind("Node").withName("edge-1").endTarget()
        .build()).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(
        client.pods().inNamespace("city").withName("camera-0").get().getStatus().getPhase()));

    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n"
        + "clusters:\n- name: simulated\n  cluster:\n    server: " + kubernetes.masterUrl().replaceAll("/$", "")
        + "\nusers:\n- name: anyone\n  user: {}\n"
        + "contexts:\n- name: simulated\n  context:\n    cluster: simulated\n    user: anyone\n"
        + "current-context: simulated\n");
  }

  @AfterAll
  static void stopApi() {
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void getPodsListsPod() throws Exception {
    List<String> lines = kubectl("get", "pods", "-n", "city");

    assertThat(lines.get(0)).startsWith("NAME");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("camera-0 ");
  }

  @Test
  void customColumnsShowBinding() throws Exception {
    List<String> lines = kubectl("get", "pods", "-n", "city",
        "-o", "custom-columns=POD:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase");

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1).split("\\s+")).containsExactly("camera-0", "edge-1", "Running");
  }

  @Test
  void getNodesListsNodes() throws Exception {
    List<String> lines = kubectl("get", "nodes", "-o", "name");

    assertThat(lines).containsExactlyInAnyOrder("node/cloud-1", "node/edge-1");
  }

  @Test
  void getFogServicesByNameAndShortName() throws Exception {
    List<String> plural = kubectl("get", "fogservices", "-n", "city", "-o", "name");
    List<String> shortName = kubectl("get", "fogsvc", "-n", "city", "-o", "name");

    assertThat(plural).containsExactly("fogservice.edgeplane.dev/camera");
    assertThat(shortName).isEqualTo(plural);
  }

  @Test
  void apiResourcesListsStackResources() throws Exception {
    List<String> names = kubectl("api-resources", "-o", "name");

    assertThat(names).contains("pods", "nodes", "events", "namespaces", "leases.coordination.k8s.io",
        "endpointslices.discovery.k8s.io", "poddisruptionbudgets.policy", "fogservices.edgeplane.dev",
        "customresourcedefinitions.apiextensions.k8s.io");
  }

  /** Runs kubectl with its discovery cache in the test's folder; returns the output's lines. */
  private static List<String> kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("cache").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("kubectl.out");
    Path err = dir.resolve("kubectl.err");

    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(KUBECTL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl (pid " + process.pid() + ") did not finish within " + KUBECTL_TIMEOUT
          + ", so it was killed: " + String.join(" ", args));
    }

    String error = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit status of kubectl %s; its error output: %s", String.join(" ", args),
        error).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  private static Path onPath(String name) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(folder, name);
      if (!folder.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
