package dev.edgeplane.scheduler.reconcile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceFixtures;
import dev.edgeplane.scheduler.api.v1alpha1.LoadBalancing;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.api.v1alpha1.Realtime;
import dev.edgeplane.scheduler.api.v1alpha1.RealtimePolicy;
import dev.edgeplane.scheduler.api.v1alpha1.Runtime;
import dev.edgeplane.scheduler.api.v1alpha1.RuntimeKind;
import dev.edgeplane.scheduler.api.v1alpha1.ServiceMetric;
import dev.edgeplane.scheduler.api.v1alpha1.Dependency;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private final SpecValidator validator = new SpecValidator();

  @Test
  void fixtureIsValid() {
    assertThat(validator.validate(FogServiceFixtures.collisionWarning("city"))).isEmpty();
  }

  @Test
  void runtimeAboveDeadlineRejected() {
    List<String> problems = problemsAfter(fs -> fs.getSpec().getRealtime().setRuntimeMicros(9_000L));

    assertThat(problems).singleElement().asString()
        .contains("spec.realtime.runtimeMicros 9000 exceeds deadlineMicros 8000")
        .contains("lower runtimeMicros");
  }

  @Test
  void deadlineAbovePeriodRejected() {
    List<String> problems = problemsAfter(fs -> fs.getSpec().getRealtime().setDeadlineMicros(12_000L));

    assertThat(problems).singleElement().asString()
        .contains("deadlineMicros 12000 exceeds periodMicros 10000");
  }

  @Test
  void fifoWithoutPriorityRejected() {
    List<String> problems = problemsAfter(fs -> {
      Realtime realtime = fs.getSpec().getRealtime();
      realtime.setPolicy(RealtimePolicy.FIFO);
      realtime.setDeadlineMicros(null);
    });

    assertThat(problems).singleElement().asString()
        .contains("spec.realtime.priority is null for policy FIFO")
        .contains("from 1 to 99");
  }

  @Test
  void realtimeWithoutPeriodRejected() {
    List<String> problems = problemsAfter(fs -> {
      fs.getSpec().getRealtime().setPeriodMicros(null);
      fs.getSpec().getRealtime().setDeadlineMicros(null);
    });

    assertThat(problems).singleElement().asString().contains("needs runtimeMicros and periodMicros");
  }

  @Test
  void placementNeedsOneOfLocationAndSelector() {
    List<String> problems = problemsAfter(fs -> fs.getSpec().getPlacements().get(0)
        .setLocationSelector(new LabelSelectorBuilder().addToMatchLabels("zone", "north").build()));

    assertThat(problems).singleElement().asString()
        .isEqualTo("spec.placements[0] sets both of location and locationSelector: set exactly one");
  }

  @Test
  void repeatedLocationRejected() {
    List<String> problems = problemsAfter(fs -> fs.getSpec().getPlacements()
        .add(new Placement("intersection-7", 1)));

    assertThat(problems).singleElement().asString()
        .contains("spec.placements[1].location intersection-7 repeats spec.placements[0]");
  }

  @Test
  void invalidLocationAndSelectorRejected() {
    List<String> problems = problemsAfter(fs -> {
      fs.getSpec().getPlacements().get(0).setLocation("north side!");
      Placement selected = new Placement();
      selected.setLocationSelector(new LabelSelectorBuilder()
          .addNewMatchExpression().withKey("zone").withOperator("In").endMatchExpression()
          .build());
      fs.getSpec().getPlacements().add(selected);
    });

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("'north side!' is not a valid label value");
    assertThat(problems.get(1)).contains("matchExpressions[0] uses In without values");
  }

  @Test
  void legacyWithoutRuntimeClassRejected() {
    List<String> problems = problemsAfter(fs -> {
      Runtime runtime = new Runtime();
      runtime.setKind(RuntimeKind.LEGACY);
      fs.getSpec().setRuntime(runtime);
    });

    assertThat(problems).singleElement().asString()
        .contains("spec.runtime.kind is legacy but runtimeClassName is missing");
  }

  @Test
  void templateNodeNameRejected() {
    List<String> problems = problemsAfter(fs -> fs.getSpec().getTemplate().getSpec().setNodeName("edge-1"));

    assertThat(problems).singleElement().asString()
        .contains("spec.template.spec.nodeName is set to edge-1: remove it");
  }

  @Test
  void missingContainersRejected() {
    List<String> problems = problemsAfter(fs -> fs.getSpec().getTemplate().getSpec().setContainers(List.of()));

    assertThat(problems).singleElement().asString().contains("containers is empty");
  }

  @Test
  void containerRequestsAboveRequirementRejected() {
    List<String> problems = problemsAfter(fs -> fs.getSpec().getTemplate().getSpec().getContainers().get(0)
        .setResources(new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("750m")).build()));

    assertThat(problems).singleElement().asString()
        .contains("spec.requirements.cpu 500m is less than the 0.75 the template's containers request");
  }

  @Test
  void selfDependencyAndDuplicateMetricRejected() {
    List<String> problems = problemsAfter(fs -> {
      fs.getSpec().getDependencies().add(new Dependency("collision-warning", 1_000));
      fs.getSpec().getMetrics().add(new ServiceMetric("warning_latency_ms", "ms", true, 10));
    });

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("spec.dependencies[1].fogService names this FogService itself");
    assertThat(problems.get(1)).contains("spec.metrics[1].name warning_latency_ms is listed twice");
  }

  @Test
  void minWeightTooHighForReplicasRejected() {
    List<String> problems = problemsAfter(fs -> {
      LoadBalancing lb = new LoadBalancing();
      lb.setMinWeight(0.6);
      fs.getSpec().setLoadBalancing(lb);
    });

    assertThat(problems).singleElement().asString()
        .contains("minWeight 0.6 times 2 replicas exceeds 1: lower minWeight to at most 0.5");
  }

  @Test
  void invalidCapabilityAndLabelRejected() {
    List<String> problems = problemsAfter(fs -> {
      fs.getSpec().getRequirements().getCapabilities().add("has camera");
      fs.getSpec().getRequirements().getNodeLabels().put("Bad_Prefix/tier", "edge");
    });

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("key 'Bad_Prefix/tier' has an invalid prefix");
    assertThat(problems.get(1)).contains("capabilities entry 'has camera' is not a valid label name");
  }

  private List<String> problemsAfter(Consumer<FogService> change) {
    FogService fogService = FogServiceFixtures.collisionWarning("city");
    change.accept(fogService);
    return validator.validate(fogService);
  }
}
