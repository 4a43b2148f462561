package dev.edgeplane.scheduler.executor;

import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.health;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.node;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.scheduler.schedule.SchedulerConfig;
import dev.edgeplane.scheduler.schedule.SchedulingFramework;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameworkTargetPredictorTest {

  private final SchedulingFramework framework = new SchedulingFramework(SchedulerConfig.defaults().with(Map.of()),
      new SimpleMeterRegistry(), Clock.systemUTC());
  private final FrameworkTargetPredictor predictor = new FrameworkTargetPredictor(framework);

  @Test
  void degradedNodePodMovesWithinLocation() {
    framework.onNode(node("sick", "junction-1").build());
    framework.onNode(node("well", "junction-1").build());
    framework.onNode(node("elsewhere", "junction-2").build());
    Pod camera = pod("camera-0", "camera", "junction-1").cpu("100m").boundTo("sick").build();
    framework.onPod(camera);
    framework.onNodeHealth(health("sick", NodeHealthState.DEGRADED), System.currentTimeMillis());
    framework.onNodeHealth(health("well", NodeHealthState.HEALTHY), System.currentTimeMillis());

    Prediction prediction = predictor.predict(camera);

    assertThat(prediction.target()).contains("well");
    assertThat(prediction.targetScore()).isBetween(0.0, 100.0);
    assertThat(prediction.currentScore()).as("a degraded node is filtered out, so it has no score").isNull();
  }

  @Test
  void infeasibleListsReasonsPerPlugin() {
    framework.onNode(node("elsewhere", "junction-2").build());
    Pod camera = pod("camera-0", "camera", "junction-1").build();

    Prediction prediction = predictor.predict(camera);

    assertThat(prediction.isFeasible()).isFalse();
    assertThat(prediction.reasons()).containsExactly("1 wrong location (location)");
  }

  @Test
  void feasibleCurrentNodeKeepsScore() {
    framework.onNode(node("only", "junction-1").build());
    Pod camera = pod("camera-0", "camera", "junction-1").cpu("100m").boundTo("only").build();
    framework.onPod(camera);

    Prediction prediction = predictor.predict(camera);

    assertThat(prediction.target()).contains("only");
    assertThat(prediction.currentScore()).isEqualTo(prediction.targetScore());
  }
}
