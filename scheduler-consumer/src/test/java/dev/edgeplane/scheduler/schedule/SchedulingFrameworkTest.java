package dev.edgeplane.scheduler.schedule;

import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.health;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.latency;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.node;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingFrameworkTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private SchedulingFramework framework(Map<String, ?> settings) {
    return new SchedulingFramework(SchedulerConfig.defaults().with(settings), registry, Clock.systemUTC());
  }

  /** Twelve nodes: seven elsewhere, five one-CPU real-time nodes at junction-1 each 0.9 CPU busy. */
  private SchedulingFramework twelveNodeCluster() {
    SchedulingFramework framework = framework(Map.of());
    for (int i = 1; i <= 7; i++) {
      framework.onNode(node("other-" + i, "junction-" + (i + 1)).realtime().build());
    }
    for (int i = 1; i <= 5; i++) {
      framework.onNode(node("rt-" + i, "junction-1").cpu("1").realtime().build());
      framework.onPod(pod("busy-" + i, "control", "junction-1").cpu("100m").realtime(900_000, 1_000_000)
          .boundTo("rt-" + i).build());
    }
    return framework;
  }

  @Test
  void unschedulableMessageCountsReasonsPerPlugin() {
    SchedulingFramework framework = twelveNodeCluster();

    Prediction prediction = framework.predict(pod("brake", "brake-assist", "junction-1").cpu("100m")
        .realtime(100_000, 1_000_000).build());

    assertThat(prediction.feasible()).isFalse();
    assertThat(prediction.message()).isEqualTo("0/12 nodes available: 7 wrong location, 5 real-time bandwidth.");
    assertThat(prediction.filtered()).containsEntry("location", Map.of("wrong location", 7))
        .containsEntry("realtime-admission", Map.of("real-time bandwidth", 5));
  }

  @Test
  void realtimeAdmissionStopsAtUtilisationBound() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("rt-1", "junction-1").cpu("2").realtime().build());

    // Two CPUs at the Linux default of 950000/1000000 admit 1.9 CPUs of real-time work: four 0.475 pods.
    for (int i = 0; i < 4; i++) {
      Prediction placed = framework.scheduleAndAssume(pod("rt-" + i, "lidar", "junction-1").cpu("10m")
          .realtime(475_000, 1_000_000).build());
      assertThat(placed.node()).as("pod %d", i).contains("rt-1");
    }
    Prediction fifth = framework.scheduleAndAssume(pod("rt-4", "lidar", "junction-1").cpu("10m")
        .realtime(1, 1_000_000).build());

    assertThat(fifth.message()).isEqualTo("0/1 nodes available: 1 real-time bandwidth.");
  }

  @Test
  void realtimePodNeedsRealtimeCapability() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("plain-1", "junction-1").build());

    Prediction prediction = framework.predict(pod("rt", "lidar", "junction-1").realtime(1_000, 10_000).build());

    assertThat(prediction.message()).isEqualTo("0/1 nodes available: 1 no realtime capability.");
  }

  @Test
  void nodeRealtimeAnnotationsSetBandwidth() {
    SchedulingFramework framework = framework(Map.of());
    // One real-time CPU at 500000/1000000 admits half a CPU, whatever the node's four CPUs.
    framework.onNode(node("rt-1", "junction-1").realtime().annotation("edgeplane.dev/realtime-cpus", "1")
        .annotation("edgeplane.dev/realtime-runtime-us", "500000").build());

    assertThat(framework.predict(pod("a", "x", "junction-1").realtime(500_000, 1_000_000).build()).feasible()).isTrue();
    assertThat(framework.predict(pod("b", "x", "junction-1").realtime(500_001, 1_000_000).build()).feasible()).isFalse();
  }

  @Test
  void resourceFitChecksCapabilityCpuAndMemory() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("small", "junction-1").cpu("1").build());
    framework.onNode(node("camera", "junction-1").capability("camera").memory("1Gi").build());
    framework.onNode(node("big", "junction-1").capability("camera").cpu("8").build());

    Prediction prediction = framework.predict(pod("video", "video", "junction-1").capability("camera").cpu("2")
        .memory("2Gi").build());

    assertThat(prediction.node()).contains("big");
    assertThat(prediction.filtered()).containsEntry("resource-fit", Map.of("missing capability", 1,
        "insufficient memory", 1));
  }

  @Test
  void untoleratedTaintFiltered() {
    SchedulingFramework framework = framework(Map.of());
    Node tainted = node("control", "junction-1").build();
    tainted.getSpec().setTaints(List.of(new TaintBuilder().withKey("node-role.kubernetes.io/control-plane")
        .withEffect("NoSchedule").build()));
    framework.onNode(tainted);
    Pod plain = pod("plain", "svc", "junction-1").build();
    Pod tolerating = pod("tolerating", "svc", "junction-1").build();
    tolerating.getSpec().setTolerations(List.of(new TolerationBuilder()
        .withKey("node-role.kubernetes.io/control-plane").withOperator("Exists").withEffect("NoSchedule").build()));

    assertThat(framework.predict(plain).message()).isEqualTo("0/1 nodes available: 1 untolerated taint.");
    assertThat(framework.predict(tolerating).node()).contains("control");
  }

  @Test
  void dependencyLatencyUsesMeasuredRoundTrip() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("db-1", "depot").build());
    framework.onNode(node("near", "junction-1").build());
    framework.onNode(node("far", "junction-1").build());
    framework.onPod(pod("db-0", "db", "depot").boundTo("db-1").build());
    framework.onLinkLatency(latency("near", "db-1", 800));
    framework.onLinkLatency(latency("db-1", "far", 5_000));

    Prediction prediction = framework.predict(pod("api", "api", "junction-1").dependencies("db:1000").build());

    assertThat(prediction.node()).contains("near");
    assertThat(prediction.filtered()).containsEntry("dependency-latency", Map.of("dependency latency", 1));
    assertThat(prediction.fallbacks()).doesNotContain("dependency-latency");
  }

  @Test
  void staleLatencyViewFallsBackByLocation() {
    SchedulingFramework framework = framework(Map.of(SchedulerConfig.VIEW_MAX_AGE_MS, 1_000));
    framework.onNode(node("db-1", "depot").build());
    framework.onNode(node("edge-1", "junction-1").build());
    framework.onNode(node("depot-2", "depot").build());
    framework.onPod(pod("db-0", "db", "depot").boundTo("db-1").build());
    // Measured long ago: the view is stale, so the fallback of 20000 us between locations applies.
    framework.onLinkLatency(latency("edge-1", "db-1", 100, Instant.now().minusSeconds(60)));

    Prediction edge = framework.predict(pod("api", "api", "junction-1").dependencies("db:5000").build());
    Prediction depot = framework.predict(pod("api-2", "api", "depot").dependencies("db:5000").build());

    assertThat(edge.message()).isEqualTo("0/3 nodes available: 2 wrong location, 1 dependency latency.");
    assertThat(edge.fallbacks()).contains("dependency-latency");
    assertThat(depot.feasible()).isTrue();
    assertThat(registry.get("edgeplane.scheduler.view.fallbacks").tag("plugin", "dependency-latency").counter()
        .count()).isGreaterThanOrEqualTo(2);
    assertThat(registry.get("edgeplane.scheduler.view.stale").tag("view", "link-latency").gauge().value()).isEqualTo(1);
  }

  @Test
  void dependencyWithoutReplicasRulesNothingOut() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("edge-1", "junction-1").build());

    assertThat(framework.predict(pod("api", "api", "junction-1").dependencies("db:10").build()).feasible()).isTrue();
  }

  @Test
  void degradedAndNotReadyNodesFiltered() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("degraded", "junction-1").build());
    framework.onNode(node("down", "junction-1").notReady().build());
    framework.onNode(node("healthy", "junction-1").build());
    framework.onNodeHealth(health("degraded", NodeHealthState.DEGRADED), System.currentTimeMillis());
    framework.onNodeHealth(health("healthy", NodeHealthState.HEALTHY), System.currentTimeMillis());

    Prediction prediction = framework.predict(pod("p", "svc", "junction-1").build());

    assertThat(prediction.node()).contains("healthy");
    assertThat(prediction.filtered()).containsEntry("node-health", Map.of("node degraded", 1, "node not ready", 1));
  }

  @Test
  void staleHealthViewFallsBackToReadyCondition() {
    SchedulingFramework framework = framework(Map.of(SchedulerConfig.VIEW_MAX_AGE_MS, 1_000));
    framework.onNode(node("degraded", "junction-1").build());
    framework.onNodeHealth(health("degraded", NodeHealthState.DEGRADED), System.currentTimeMillis() - 60_000);

    Prediction prediction = framework.predict(pod("p", "svc", "junction-1").build());

    assertThat(prediction.node()).contains("degraded");
    assertThat(prediction.fallbacks()).contains("node-health");
  }

  @Test
  void spreadPrefersNodeWithoutReplica() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("a", "junction-1").build());
    framework.onNode(node("b", "junction-1").build());
    framework.onPod(pod("cam-0", "camera", "junction-1").boundTo("a").build());

    Prediction prediction = framework.predict(pod("cam-1", "camera", "junction-1").build());

    assertThat(prediction.node()).contains("b");
    assertThat(prediction.scoreOf("b").orElseThrow().plugins()).containsEntry("spread", 100.0);
    assertThat(prediction.scoreOf("a").orElseThrow().plugins()).containsEntry("spread", 0.0);
  }

  @Test
  void latencyScorePrefersNodeNearDependency() {
    SchedulingFramework framework = framework(Map.of(SchedulerConfig.SCORE_PLUGINS, "latency"));
    framework.onNode(node("db-1", "depot").build());
    framework.onNode(node("near", "junction-1").build());
    framework.onNode(node("mid", "junction-1").build());
    framework.onNode(node("far", "junction-1").build());
    framework.onPod(pod("db-0", "db", "depot").boundTo("db-1").build());
    framework.onLinkLatency(latency("near", "db-1", 500));
    framework.onLinkLatency(latency("mid", "db-1", 1_500));
    framework.onLinkLatency(latency("far", "db-1", 4_500));

    Prediction prediction = framework.predict(pod("api", "api", "junction-1").dependencies("db:10000").build());

    assertThat(prediction.scores()).extracting(NodeScore::node).containsExactly("near", "mid", "far");
    assertThat(prediction.scores()).extracting(NodeScore::total).containsExactly(100.0, 75.0, 0.0);
  }

  @Test
  void latencyScoreMeasuresUsersFromTheirLocation() {
    SchedulingFramework framework = framework(Map.of(SchedulerConfig.FILTER_PLUGINS, "resource-fit",
        SchedulerConfig.SCORE_PLUGINS, "latency"));
    framework.onNode(node("local", "junction-1").build());
    framework.onNode(node("near", "junction-2").build());
    framework.onNode(node("far", "junction-3").build());
    framework.onLinkLatency(latency("local", "near", 1_000));
    framework.onLinkLatency(latency("local", "far", 9_000));

    // Without the location filter the pod may run anywhere, but its users stay at junction-1.
    Prediction prediction = framework.predict(pod("p", "svc", "junction-1").build());

    assertThat(prediction.scores()).extracting(NodeScore::node).containsExactly("local", "near", "far");
    assertThat(prediction.scoreOf("far").orElseThrow().total()).isEqualTo(0.0);
  }

  @Test
  void scorePluginsAndWeightsFromConfiguration() {
    SchedulingFramework framework = framework(Map.of(SchedulerConfig.SCORE_PLUGINS, "spread,balanced-allocation",
        SchedulerConfig.SCORE_WEIGHT_PREFIX + "spread", 0));
    framework.onNode(node("a", "junction-1").build());

    NodeScore score = framework.predict(pod("p", "svc", "junction-1").build()).scores().get(0);

    assertThat(score.plugins()).containsOnlyKeys("spread", "balanced-allocation");
    assertThat(score.total()).isEqualTo(score.plugins().get("balanced-allocation"));
  }

  @Test
  void predictLeavesOutPodsOwnShare() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("full", "junction-1").cpu("1").build());
    framework.onNode(node("other", "junction-1").cpu("1").build());
    Pod running = pod("p", "svc", "junction-1").cpu("1").boundTo("full").build();
    framework.onPod(running);
    long[] before = framework.state().usage("full");

    Prediction prediction = framework.predict(running);

    assertThat(prediction.scores()).extracting(NodeScore::node).containsExactlyInAnyOrder("full", "other");
    assertThat(framework.state().usage("full")).containsExactly(before);
  }

  @Test
  void assumedPodCountsUntilForgotten() {
    SchedulingFramework framework = framework(Map.of());
    framework.onNode(node("only", "junction-1").cpu("1").build());
    Pod first = pod("first", "svc", "junction-1").cpu("600m").build();
    Pod second = pod("second", "svc", "junction-1").cpu("600m").build();

    assertThat(framework.scheduleAndAssume(first).node()).contains("only");
    assertThat(framework.scheduleAndAssume(second).message()).isEqualTo("0/1 nodes available: 1 insufficient cpu.");
    framework.forget(first);
    assertThat(framework.scheduleAndAssume(second).node()).contains("only");
    assertThatThrownBy(() -> framework.scheduleAndAssume(second)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("city/second is already placed");
  }

  @Test
  void invalidRealtimeAnnotationNamed() {
    SchedulingFramework framework = framework(Map.of());
    Pod pod = pod("p", "svc", "junction-1").realtime(1_000, 10_000).build();
    pod.getMetadata().getAnnotations().put(PodMetadataKeys.REALTIME_PERIOD_MICROS, "soon");

    assertThatThrownBy(() -> framework.predict(pod)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pod city/p has annotation edgeplane.dev/realtime-period-us=soon: give a whole number of "
            + "microseconds of at least 1, as the FogService controller writes it");
  }
}
