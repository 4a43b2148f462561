package dev.edgeplane.scheduler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceFixtures;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus;
import dev.edgeplane.scheduler.api.v1alpha1.LocationStatus;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.reconcile.internal.Finalizers;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FogServiceControllerTest {

  static final Duration AT_MOST = Duration.ofSeconds(15);
  static final Path CRD = Path.of("..", "infra", "k8s", "crds", "fogservices.edgeplane.dev-v1.yml");
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private static SimulatedKubernetes kubernetes;
  private static KubernetesClient client;
  private static FogServiceController controller;
  private static LocationBinder binder;
  private static SimpleMeterRegistry registry;

  private String namespace;

  @BeforeAll
  static void startController() throws IOException {
    kubernetes = SimulatedKubernetes.builder()
        .podStartupDelay(Duration.ofMillis(50))
        .leaseRenewInterval(Duration.ofMillis(100))
        .nodeMonitorGracePeriod(Duration.ofMillis(600))
        .kubeletInterval(Duration.ofMillis(20))
        .start();
    client = kubernetes.client();
    try (InputStream crd = new FileInputStream(CRD.toFile())) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
    kubernetes.addNode(SimulatedNode.builder("edge-1").location("intersection-7").tier("edge").build());
    kubernetes.addNode(SimulatedNode.builder("edge-2").location("intersection-7").tier("edge").build());
    kubernetes.addNode(SimulatedNode.builder("edge-3").location("intersection-9").tier("edge").build());
    kubernetes.addNode(SimulatedNode.builder("edge-4").location("intersection-12").tier("edge").build());

    registry = new SimpleMeterRegistry();
    controller = new FogServiceController(client, new FogServiceControllerConfig(Map.of(
        FogServiceControllerConfig.RESYNC_PERIOD_MS, 5_000,
        FogServiceControllerConfig.RETRY_BACKOFF_INITIAL_MS, 50,
        FogServiceControllerConfig.RETRY_BACKOFF_MAX_MS, 1_000)), registry);
    controller.start();
    binder = new LocationBinder(kubernetes.newClient());
  }

  @AfterAll
  static void stopController() {
    binder.close();
    controller.close();
    kubernetes.close();
  }

  @BeforeEach
  void pickNamespace() {
    namespace = "city-" + NAMESPACES.incrementAndGet();
  }

  @Test
  void createsLabelledPodsPerLocation() {
    FogService fogService = FogServiceFixtures.collisionWarning(namespace);
    fogService.getSpec().getPlacements().add(new Placement("intersection-9", 1));
    FogService created = create(fogService);

    await().atMost(AT_MOST).until(() -> pods("collision-warning").size() == 3);
    List<Pod> pods = pods("collision-warning");
    Map<String, Long> perLocation = pods.stream().collect(Collectors.groupingBy(
        pod -> pod.getMetadata().getLabels().get(PodMetadataKeys.LOCATION_LABEL), Collectors.counting()));
    assertThat(perLocation).containsExactlyInAnyOrderEntriesOf(Map.of("intersection-7", 2L, "intersection-9", 1L));

    Pod pod = pods.get(0);
    assertThat(pod.getSpec().getSchedulerName()).isEqualTo("edgeplane");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("FogService");
      assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    });
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(PodMetadataKeys.REALTIME_POLICY, "DEADLINE")
        .containsEntry(PodMetadataKeys.REALTIME_RUNTIME_MICROS, "2000")
        .containsEntry(PodMetadataKeys.REALTIME_DEADLINE_MICROS, "8000")
        .containsEntry(PodMetadataKeys.REALTIME_PERIOD_MICROS, "10000")
        .containsEntry(PodMetadataKeys.CRITICAL, "true");
    assertThat(pod.getSpec().getNodeSelector())
        .containsEntry("edgeplane.dev/tier", "edge")
        .containsEntry("capability.edgeplane.dev/realtime", "true")
        .containsKey(PodMetadataKeys.LOCATION_LABEL);
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .containsKeys("cpu", "memory");

    FogServiceStatus status = awaitCondition("collision-warning", FogServiceStatus.READY, "True");
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getObservedGeneration()).isEqualTo(fetch("collision-warning").getMetadata().getGeneration());
    assertThat(status.getLocations()).extracting(LocationStatus::getLocation, LocationStatus::getReadyReplicas)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("intersection-7", 2),
            org.assertj.core.groups.Tuple.tuple("intersection-9", 1));
    assertThat(status.condition(FogServiceStatus.DEGRADED)).get().extracting(Condition::getStatus).isEqualTo("False");
  }

  @Test
  void scalesUpDownAndAcrossLocations() {
    create(FogServiceFixtures.plain(namespace, "video", new Placement("intersection-7", 1)));
    await().atMost(AT_MOST).until(() -> pods("video").size() == 1);

    setPlacements("video", new Placement("intersection-7", 4));
    await().atMost(AT_MOST).until(() -> pods("video").size() == 4);
    awaitCondition("video", FogServiceStatus.READY, "True");

    setPlacements("video", new Placement("intersection-7", 1));
    await().atMost(AT_MOST).until(() -> pods("video").size() == 1);

    setPlacements("video", new Placement("intersection-9", 2));
    await().atMost(AT_MOST).until(() -> locations(pods("video")).equals(Map.of("intersection-9", 2L)));
    FogServiceStatus status = awaitCondition("video", FogServiceStatus.READY, "True");
    assertThat(status.getReplicas()).isEqualTo(2);
  }

  @Test
  void invalidSpecReportedWithoutPods() {
    FogService invalid = FogServiceFixtures.collisionWarning(namespace);
    invalid.getSpec().getRealtime().setRuntimeMicros(9_000L);
    create(invalid);

    FogServiceStatus status = awaitCondition("collision-warning", FogServiceStatus.INVALID, "True");
    assertThat(status.condition(FogServiceStatus.INVALID)).get().extracting(Condition::getMessage).asString()
        .contains("spec.realtime.runtimeMicros 9000 exceeds deadlineMicros 8000");
    assertThat(status.condition(FogServiceStatus.READY)).get().extracting(Condition::getReason)
        .isEqualTo("InvalidSpec");
    assertThat(pods("collision-warning")).isEmpty();

    edit("collision-warning", fogService -> fogService.getSpec().getRealtime().setRuntimeMicros(2_000L));

    awaitCondition("collision-warning", FogServiceStatus.INVALID, "False");
    await().atMost(AT_MOST).until(() -> pods("collision-warning").size() == 2);
  }

  @Test
  void evictedPodReplaced() {
    create(FogServiceFixtures.plain(namespace, "video", new Placement("intersection-7", 2)));
    awaitCondition("video", FogServiceStatus.READY, "True");
    String evicted = pods("video").get(0).getMetadata().getName();

    assertThat(client.pods().inNamespace(namespace).withName(evicted).evict()).isTrue();

    await().atMost(AT_MOST).until(() -> {
      List<Pod> pods = pods("video");
      return pods.size() == 2 && pods.stream().noneMatch(p -> p.getMetadata().getName().equals(evicted));
    });
    awaitCondition("video", FogServiceStatus.READY, "True");
  }

  @Test
  void failedPodReplaced() {
    create(FogServiceFixtures.plain(namespace, "video", new Placement("intersection-9", 1)));
    awaitCondition("video", FogServiceStatus.READY, "True");
    String failed = pods("video").get(0).getMetadata().getName();

    client.pods().inNamespace(namespace).withName(failed).editStatus(pod -> {
      pod.getStatus().setPhase("Failed");
      return pod;
    });

    await().atMost(AT_MOST).until(() -> {
      List<Pod> pods = pods("video");
      return pods.size() == 1 && !pods.get(0).getMetadata().getName().equals(failed);
    });
    assertThat(registry.find("edgeplane.scheduler.fogservice.pods.deleted").tag("reason", "replace-failed")
        .counter()).isNotNull();
  }

  @Test
  void deletionRemovesPodsThenFinalizer() {
    create(FogServiceFixtures.plain(namespace, "dashboard", new Placement("intersection-7", 2)));
    await().atMost(AT_MOST).until(() -> pods("dashboard").size() == 2);
    await().atMost(AT_MOST).until(() -> fetch("dashboard").getMetadata().getFinalizers()
        .contains(Finalizers.PODS_FINALIZER));

    client.resources(FogService.class).inNamespace(namespace).withName("dashboard").delete();

    await().atMost(AT_MOST).until(() -> fetch("dashboard") == null);
    assertThat(pods("dashboard")).isEmpty();
  }

  @Test
  void nodeLossDegradesThenRecovers() {
    create(FogServiceFixtures.plain(namespace, "sensor-fusion", new Placement("intersection-12", 1)));
    awaitCondition("sensor-fusion", FogServiceStatus.READY, "True");

    kubernetes.silenceNode("edge-4");
    try {
      FogServiceStatus degraded = awaitCondition("sensor-fusion", FogServiceStatus.DEGRADED, "True");
      assertThat(degraded.condition(FogServiceStatus.DEGRADED)).get().extracting(Condition::getMessage)
          .isEqualTo("intersection-12 has 0 of 1 replicas ready");
      assertThat(degraded.getReadyReplicas()).isZero();
    } finally {
      kubernetes.resumeNode("edge-4");
    }

    awaitCondition("sensor-fusion", FogServiceStatus.READY, "True");
  }

  @Test
  void locationWithoutNodeDegrades() {
    create(FogServiceFixtures.plain(namespace, "video", new Placement("harbour", 1)));

    FogServiceStatus status = awaitCondition("video", FogServiceStatus.DEGRADED, "True");

    assertThat(status.condition(FogServiceStatus.DEGRADED)).get().extracting(Condition::getMessage).asString()
        .contains("location harbour has no node");
    assertThat(pods("video")).hasSize(1);
  }

  private FogService create(FogService fogService) {
    return client.resource(fogService).create();
  }

  private FogService fetch(String name) {
    return client.resources(FogService.class).inNamespace(namespace).withName(name).get();
  }

  private void setPlacements(String name, Placement... placements) {
    edit(name, fogService -> fogService.getSpec().setPlacements(new ArrayList<>(List.of(placements))));
  }

  /**
   * Changes a FogService's spec. The controller writes its status at the same time, so an edit based
   * on a read just before can meet a newer resourceVersion and get 409; it is then read and applied again.
   */
  private void edit(String name, Consumer<FogService> change) {
    await().atMost(AT_MOST)
        .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(() -> {
          client.resources(FogService.class).inNamespace(namespace).withName(name).edit(fogService -> {
            change.accept(fogService);
            return fogService;
          });
          return true;
        });
  }

  private List<Pod> pods(String fogService) {
    return client.pods().inNamespace(namespace).withLabel(PodMetadataKeys.FOGSERVICE_LABEL, fogService)
        .list().getItems();
  }

  private static Map<String, Long> locations(List<Pod> pods) {
    return pods.stream().collect(Collectors.groupingBy(
        pod -> pod.getMetadata().getLabels().get(PodMetadataKeys.LOCATION_LABEL), Collectors.counting()));
  }

  private FogServiceStatus awaitCondition(String name, String type, String value) {
    return await().atMost(AT_MOST).until(() -> {
      FogService fogService = fetch(name);
      return fogService == null ? null : fogService.getStatus();
    }, status -> status != null && status.condition(type).map(Condition::getStatus).filter(value::equals).isPresent()
        && Set.of(FogServiceStatus.READY, FogServiceStatus.DEGRADED, FogServiceStatus.INVALID)
            .stream().allMatch(t -> status.condition(t).isPresent()));
  }
}
