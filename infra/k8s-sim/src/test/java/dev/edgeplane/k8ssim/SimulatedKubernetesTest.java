package dev.edgeplane.k8ssim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedKubernetesTest {

  private static final Duration AT_MOST = Duration.ofSeconds(10);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private static SimulatedKubernetes kubernetes;
  private static KubernetesClient client;

  private String namespace;

  @BeforeAll
  static void startApi() {
    kubernetes = SimulatedKubernetes.builder()
        .podStartupDelay(Duration.ofMillis(100))
        .leaseRenewInterval(Duration.ofMillis(100))
        // Generous against the renew interval, so that a busy CI machine does not mark nodes stale.
        .nodeMonitorGracePeriod(Duration.ofSeconds(2))
        .kubeletInterval(Duration.ofMillis(20))
        .start();
    // fabric8 retries 429 with back-off by default; the eviction tests check the first response.
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(kubernetes.masterUrl())
        .withRequestRetryBackoffLimit(0)
        .build()).build();
    kubernetes.addNode(SimulatedNode.builder("edge-1").location("intersection-7").tier("edge").build());
    kubernetes.addNode(SimulatedNode.builder("edge-2").location("intersection-7").tier("edge").build());
  }

  @AfterAll
  static void stopApi() {
    client.close();
    kubernetes.close();
  }

  @BeforeEach
  void pickNamespace() {
    namespace = "test-" + NAMESPACES.incrementAndGet();
  }

  @Test
  void addedNodeIsReadyWithLabels() {
    Node node = client.nodes().withName("edge-1").get();

    assertThat(node.getMetadata().getLabels()).containsEntry("edgeplane.dev/location", "intersection-7");
    assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
    await().atMost(AT_MOST).until(() -> "True".equals(readyStatus(client.nodes().withName("edge-1").get())));
    assertThat(client.leases().inNamespace("kube-node-lease").withName("edge-1").get()).isNotNull();
  }

  @Test
  void bindingSetsNodeAndScheduledCondition() {
    createPod("p1");

    client.bindings().inNamespace(namespace).resource(binding("p1", "edge-1")).create();

    Pod pod = client.pods().inNamespace(namespace).withName("p1").get();
    assertThat(pod.getSpec().getNodeName()).isEqualTo("edge-1");
    assertThat(pod.getStatus().getConditions())
        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void podBindingSubresourceBinds() {
    createPod("p1");

    client.raw("/api/v1/namespaces/" + namespace + "/pods/p1/binding", "POST", binding("p1", "edge-2"));

    assertThat(client.pods().inNamespace(namespace).withName("p1").get().getSpec().getNodeName())
        .isEqualTo("edge-2");
  }

  @Test
  void doubleBindingRejectedWithConflict() {
    createPod("p1");
    client.bindings().inNamespace(namespace).resource(binding("p1", "edge-1")).create();

    assertThatThrownBy(() -> client.bindings().inNamespace(namespace).resource(binding("p1", "edge-2")).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409))
        .hasMessageContaining("already assigned to node \"edge-1\"");
    assertThat(client.pods().inNamespace(namespace).withName("p1").get().getSpec().getNodeName())
        .isEqualTo("edge-1");
  }

  @Test
  void bindingOfMissingPodNotFound() {
    assertThatThrownBy(() -> client.bindings().inNamespace(namespace).resource(binding("absent", "edge-1")).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
  }

  @Test
  void evictionWithoutBudgetDeletesPod() {
    createPod("p1");

    boolean evicted = client.pods().inNamespace(namespace).withName("p1").evict();

    assertThat(evicted).isTrue();
    assertThat(client.pods().inNamespace(namespace).withName("p1").get()).isNull();
  }

  @Test
  void evictionHonoursDisruptionBudget() {
    createBoundPod("p1", "edge-1");
    createBoundPod("p2", "edge-2");
    awaitReady("p1");
    awaitReady("p2");
    client.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName("keep-one").endMetadata()
        .withNewSpec().withMinAvailable(new IntOrString(1))
        .withNewSelector().addToMatchLabels("app", "demo").endSelector()
        .endSpec()
        .build()).create();

    boolean first = client.pods().inNamespace(namespace).withName("p1").evict();
    boolean second = client.pods().inNamespace(namespace).withName("p2").evict();

    assertThat(first).isTrue();
    assertThat(second).as("the budget keeps one healthy pod, so the second eviction gets 429").isFalse();
    assertThat(client.pods().inNamespace(namespace).withName("p1").get()).isNull();
    assertThat(client.pods().inNamespace(namespace).withName("p2").get()).isNotNull();
  }

  @Test
  void budgetInPercentRejectsEviction() {
    createBoundPod("p1", "edge-1");
    awaitReady("p1");
    client.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName("all").endMetadata()
        .withNewSpec().withMaxUnavailable(new IntOrString("0%"))
        .withNewSelector().addNewMatchExpression().withKey("app").withOperator("In").withValues("demo")
        .endMatchExpression().endSelector()
        .endSpec()
        .build()).create();

    assertThat(client.pods().inNamespace(namespace).withName("p1").evict()).isFalse();
    assertThat(client.pods().inNamespace(namespace).withName("p1").get()).isNotNull();
  }

  @Test
  void kubeletStartsBoundPodOnly() {
    createPod("unbound");
    createBoundPod("bound", "edge-1");

    awaitReady("bound");

    Pod bound = client.pods().inNamespace(namespace).withName("bound").get();
    assertThat(bound.getStatus().getContainerStatuses()).singleElement()
        .satisfies(status -> assertThat(status.getReady()).isTrue());
    assertThat(bound.getStatus().getStartTime()).isNotNull();
    Pod unbound = client.pods().inNamespace(namespace).withName("unbound").get();
    assertThat(unbound.getStatus() == null ? null : unbound.getStatus().getPhase()).isNotEqualTo("Running");
  }

  @Test
  void silentNodeMarksPodsNotReady() {
    kubernetes.addNode(SimulatedNode.builder("edge-silent").location("intersection-9").build());
    createBoundPod("p1", "edge-silent");
    awaitReady("p1");

    kubernetes.silenceNode("edge-silent");

    await().atMost(AT_MOST).until(() -> "Unknown".equals(readyStatus(client.nodes().withName("edge-silent").get())));
    await().atMost(AT_MOST).until(() -> "False".equals(podReady("p1")));

    kubernetes.resumeNode("edge-silent");

    await().atMost(AT_MOST).until(() -> "True".equals(readyStatus(client.nodes().withName("edge-silent").get())));
    await().atMost(AT_MOST).until(() -> "True".equals(podReady("p1")));
  }

  @Test
  void silencingUnknownNodeRejected() {
    assertThatThrownBy(() -> kubernetes.silenceNode("nowhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Node nowhere is not part of the simulated cluster");
  }

  private void createPod(String name) {
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name).addToLabels("app", "demo").endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("demo:1").endContainer().endSpec()
        .build()).create();
  }

  private void createBoundPod(String name, String node) {
    createPod(name);
    client.bindings().inNamespace(namespace).resource(binding(name, node)).create();
  }

  private void awaitReady(String name) {
    await().atMost(AT_MOST).until(() -> "True".equals(podReady(name)));
  }

  private String podReady(String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }

  private static Binding binding(String pod, String node) {
    return new BindingBuilder()
        .withNewMetadata().withName(pod).endMetadata()
        .withNewTarget().withKind("Node").withApiVersion("v1").withName(node).endTarget()
        .build();
  }

  private static String readyStatus(Node node) {
    return node.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }
}
