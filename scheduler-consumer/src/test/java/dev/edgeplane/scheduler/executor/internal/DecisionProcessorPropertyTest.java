package dev.edgeplane.scheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.executor.Prediction;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Advance;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Budget;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Decide;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Repeat;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Service;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Settle;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Shape;
import dev.edgeplane.scheduler.executor.internal.ExecutorScenario.Step;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of the executor over random clusters and decision streams, with stale and repeated
 * decisions, disruption budgets that come and go, replacements that land elsewhere or on the old
 * node, and restarts. jqwik prints the seed of every run and of a failing sample.
 */
class DecisionProcessorPropertyTest {

  @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
  void noEvictionWithoutFeasibleDifferentTarget(@ForAll("shapes") Shape shape, @ForAll("streams") List<Step> steps) {
    ExecutorScenario scenario = new ExecutorScenario(shape);
    scenario.cluster.onEviction(pod -> {
      Prediction prediction = scenario.predictor.predict(pod);
      assertThat(prediction.isFeasible()).as("prediction for %s at eviction", pod.getMetadata().getName()).isTrue();
      assertThat(prediction.targetNode()).as("target of %s", pod.getMetadata().getName())
          .isNotEqualTo(pod.getSpec().getNodeName());
    });

    steps.forEach(scenario::run);
    scenario.drain();

    for (ActionAudit audit : scenario.sink.finals()) {
      if (audit.getOutcome() == ActionOutcome.SUCCEEDED) {
        assertThat(audit.getDetails().get("predictedTarget")).isNotEqualTo(audit.getFromNode());
      }
    }
  }

  // 400 tries, so that the 5 % coverage check below does not fail by chance: 150 tries once gave 3.3 %.
  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void evictionLimitsNeverExceeded(@ForAll("shapes") Shape shape, @ForAll("streams") List<Step> steps) {
    ExecutorScenario scenario = new ExecutorScenario(shape);
    scenario.cluster.onEviction(pod -> checkLimitsAt(scenario, pod));

    steps.forEach(scenario::run);
    scenario.drain();

    assertThat(scenario.processor.inFlightCount()).isZero();
    boolean limited = scenario.sink.finals().stream().map(a -> a.getDetails().get(Audits.GATE))
        .anyMatch(gate -> Gate.FOGSERVICE_EVICTION_LIMIT.tag().equals(gate)
            || Gate.LOCATION_EVICTION_LIMIT.tag().equals(gate));
    Statistics.label("a limit gate held a decision back").collect(limited);
    Statistics.label("evictions").collect(Math.min(scenario.cluster.evictions().size(), 5));
    Statistics.label("a limit gate held a decision back").coverage(
        coverage -> coverage.check(true).percentage(p -> p >= 5));
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void replayingDecisionsChangesNothing(@ForAll("shapes") Shape shape, @ForAll("streams") List<Step> steps) {
    ExecutorScenario scenario = new ExecutorScenario(shape);
    steps.forEach(scenario::run);
    scenario.drain();
    int evictions = scenario.cluster.evictions().size();
    int finals = scenario.sink.finals().size();
    Set<String> pods = podNames(scenario.cluster.pods());

    for (RescheduleDecision decision : scenario.sent) {
      scenario.processor.handle(decision, scenario.now());
    }
    scenario.restart();
    for (RescheduleDecision decision : scenario.sent) {
      scenario.processor.handle(decision, scenario.now());
    }
    scenario.run(new Advance(ExecutorScenario.REPLACEMENT_TIMEOUT_MS));

    assertThat(scenario.cluster.evictions()).hasSize(evictions);
    assertThat(scenario.sink.finals()).hasSize(finals);
    assertThat(podNames(scenario.cluster.pods())).isEqualTo(pods);
    assertThat(scenario.processor.inFlightCount()).isZero();
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void restartLosesAndDuplicatesNothing(@ForAll("shapes") Shape shape, @ForAll("streams") List<Step> steps,
      @ForAll @IntRange(min = 0, max = 40) int restartAt, @ForAll @IntRange(min = 0, max = 5) int redelivered) {
    ExecutorScenario scenario = new ExecutorScenario(shape);
    int cut = Math.min(restartAt, steps.size());
    steps.subList(0, cut).forEach(scenario::run);

    scenario.restart();
    // Decisions whose offsets were not committed before the crash arrive again.
    List<RescheduleDecision> uncommitted = scenario.sent.subList(Math.max(0, scenario.sent.size() - redelivered),
        scenario.sent.size());
    for (RescheduleDecision decision : List.copyOf(uncommitted)) {
      scenario.processor.handle(decision, scenario.now());
    }
    steps.subList(cut, steps.size()).forEach(scenario::run);
    scenario.drain();

    Map<String, Long> finalsPerDecision = scenario.sink.finals().stream()
        .collect(Collectors.groupingBy(ActionAudit::getDecisionId, Collectors.counting()));
    Set<String> sentIds = scenario.sent.stream().map(RescheduleDecision::getDecisionId).collect(Collectors.toSet());
    assertThat(finalsPerDecision.keySet()).as("every decision sent has a final audit record").isEqualTo(sentIds);
    assertThat(finalsPerDecision).as("final audit records per decision").allSatisfy((id, count) ->
        assertThat(count).as(id).isEqualTo(1L));

    Map<String, Long> evictionsPerPod = scenario.cluster.evictions().stream()
        .collect(Collectors.groupingBy(InMemoryCluster.Eviction::podUid, Collectors.counting()));
    assertThat(evictionsPerPod).allSatisfy((uid, count) -> assertThat(count).as(uid).isEqualTo(1L));
    Map<String, Long> endingsPerEvictedPod = scenario.sink.finals().stream()
        .filter(a -> a.getOutcome() == ActionOutcome.SUCCEEDED
            || a.getOutcome() == ActionOutcome.FAILED && "unknown".equals(a.getDetails().get(Audits.PLACEMENT)))
        .collect(Collectors.groupingBy(a -> a.getDetails().get(Audits.EVICTED_UID), Collectors.counting()));
    assertThat(endingsPerEvictedPod).as("audit records that end an eviction, per evicted pod uid")
        .isEqualTo(evictionsPerPod);
    assertThat(scenario.processor.inFlightCount()).isZero();
  }

  /** Checks the limits and the minimum ready replicas as the pod is about to be evicted. */
  private static void checkLimitsAt(ExecutorScenario scenario, Pod pod) {
    Set<String> finished = scenario.sink.finals().stream()
        .map(a -> a.getDetails().get(Audits.EVICTED_UID))
        .collect(Collectors.toSet());
    List<InMemoryCluster.Eviction> inFlight = scenario.cluster.evictions().stream()
        .filter(e -> !finished.contains(e.podUid()))
        .toList();
    String fogService = pod.getMetadata().getLabels().get(PodMetadataKeys.FOGSERVICE_LABEL);
    String location = pod.getMetadata().getLabels().get(PodMetadataKeys.LOCATION_LABEL);

    long sameService = inFlight.stream().filter(e -> e.fogService().equals(fogService)).count() + 1;
    long sameLocation = inFlight.stream().filter(e -> e.location().equals(location)).count() + 1;
    assertThat(sameService).as("evictions in flight for %s", fogService)
        .isLessThanOrEqualTo(scenario.config.maxInflightPerFogService());
    assertThat(sameLocation).as("evictions in flight at %s", location)
        .isLessThanOrEqualTo(scenario.config.maxInflightPerLocation());

    MinReadyReplicas minimum = MinReadyReplicas.of(scenario.cluster.fogServices().get(fogService),
        scenario.config.maxUnavailableReplicas());
    long readyAfter = scenario.cluster.podsOf(InMemoryCluster.NAMESPACE, fogService).stream()
        .filter(PodReadiness::isReady)
        .filter(p -> !p.getMetadata().getUid().equals(pod.getMetadata().getUid()))
        .count();
    assertThat(readyAfter).as("ready replicas of %s after the eviction", fogService)
        .isGreaterThanOrEqualTo(minimum.minimum());
  }

  private static Set<String> podNames(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
  }

  @Provide
  Arbitrary<Shape> shapes() {
    Arbitrary<List<String>> nodes = Arbitraries.of("1", "2", "4").list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Service> service = Combinators.combine(
        Arbitraries.integers().between(0, 1),
        Arbitraries.of("100m", "500m", "1").list().ofMinSize(1).ofMaxSize(4),
        Arbitraries.integers().between(0, 2).list().ofSize(4),
        Arbitraries.integers().between(0, 3).injectNull(0.5))
        .as((location, cpus, placements, minReady) -> new Service(location, cpus, placements, minReady));
    return Combinators.combine(
        nodes.list().ofSize(2),
        service.list().ofMinSize(1).ofMaxSize(3),
        Arbitraries.integers().between(1, 2),
        Arbitraries.integers().between(1, 3),
        Arbitraries.of(0L, 1_000L, 10_000L))
        .as(Shape::new);
  }

  @Provide
  Arbitrary<List<Step>> streams() {
    Arbitrary<Boolean> rarely = Arbitraries.integers().between(0, 9).map(i -> i == 0);
    Arbitrary<Step> decide = Combinators.combine(Arbitraries.integers().between(0, 20), rarely, rarely)
        .as(Decide::new);
    Arbitrary<Step> repeat = Arbitraries.integers().between(0, 20).map(Repeat::new);
    Arbitrary<Step> advance = Arbitraries.longs().between(100, 2_000).map(Advance::new);
    Arbitrary<Step> settle = Arbitraries.of(false, false, true).map(Settle::new);
    Arbitrary<Step> budget = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, false))
        .as(Budget::new);
    return Arbitraries.frequencyOf(
        Tuple.of(8, decide), Tuple.of(2, repeat), Tuple.of(3, advance), Tuple.of(2, settle), Tuple.of(1, budget))
        .list().ofMinSize(1).ofMaxSize(40);
  }

}
