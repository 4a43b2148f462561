package dev.edgeplane.scheduler.executor;

import static dev.edgeplane.scheduler.executor.ExecutorCluster.AT_MOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.scheduler.executor.ExecutorCluster.Slice;
import dev.edgeplane.scheduler.executor.internal.KubernetesClusterAccess;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The executor against a simulated Kubernetes API and the in-process broker, with the FogService
 * controller replacing evicted pods and a test binder in place of the scheduler.
 */
@WithKafkaBroker
class RescheduleExecutorTest {

  private static ExecutorCluster cluster;
  private RescheduleExecutor executor;

  @BeforeAll
  static void startCluster(EmbeddedKafkaBroker broker) throws IOException {
    cluster = new ExecutorCluster(broker.bootstrapServers());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopExecutor() {
    if (executor != null) {
      executor.close();
    }
  }

  @Test
  void evictsAndAuditsWhereReplacementLanded() throws Exception {
    Slice slice = cluster.newSlice();
    slice.createFogService("camera", 2, slice.smallNode, Map.of());
    executor = slice.startExecutor(Map.of());
    Pod pod = slice.pods("camera").get(0);
    RescheduleDecision decision = slice.decisionFor(pod);

    slice.publish(decision);

    ActionAudit audit = awaitFinal(slice, decision.getDecisionId());
    assertThat(audit.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    assertThat(audit.getKind()).isEqualTo(ActionKind.EVICTION);
    assertThat(audit.getActor()).isEqualTo("edgeplane-executor");
    assertThat(audit.getFromNode()).isEqualTo(slice.smallNode);
    assertThat(audit.getToNode()).isEqualTo(slice.bigNode);
    assertThat(audit.getDetails()).containsEntry("placement", "improved")
        .containsEntry("predictedTarget", slice.bigNode)
        .containsEntry("landedNode", slice.bigNode)
        .containsEntry("moves", "1")
        .containsEntry("replacementReady", "true");
    assertThat(slice.pods("camera")).extracting(p -> p.getMetadata().getUid())
        .doesNotContain(pod.getMetadata().getUid())
        .contains(audit.getDetails().get("replacementUid"));
    assertThat(cluster.client.v1().events().inNamespace(slice.namespace)
        .withLabel(KubernetesClusterAccess.INTENT_LABEL, "true").list().getItems())
        .singleElement().satisfies(event -> assertThat(event.getInvolvedObject().getUid())
            .isEqualTo(pod.getMetadata().getUid()));
  }

  @Test
  void skipsAndAuditsTheStoppingGate() throws Exception {
    Slice slice = cluster.newSlice();
    slice.createFogService("kiosk", 1, slice.bigNode, Map.of());
    slice.createFogService("signals", 2, slice.smallNode, Map.of(RescheduleExecutor.MIN_READY_ANNOTATION, "2"));
    executor = slice.startExecutor(Map.of());
    Pod kiosk = slice.pods("kiosk").get(0);
    RescheduleDecision onBestNode = slice.decisionFor(kiosk);
    RescheduleDecision stale = RescheduleDecision.newBuilder(slice.decisionFor(kiosk)).setPodUid("uid-of-an-older-pod")
        .build();
    RescheduleDecision belowMinimum = slice.decisionFor(slice.pods("signals").get(0));

    slice.publish(onBestNode);
    slice.publish(stale);
    slice.publish(belowMinimum);

    assertSkippedAt(slice, onBestNode, "target-is-current-node", "would place the pod on its current node");
    assertSkippedAt(slice, stale, "stale-decision", "now has uid");
    assertSkippedAt(slice, belowMinimum, "min-ready-replicas", "below its minimum of 2");
    assertThat(slice.pods("kiosk")).extracting(p -> p.getMetadata().getUid()).containsExactly(kiosk.getMetadata()
        .getUid());
    assertThat(slice.pods("signals")).hasSize(2);
  }

  @Test
  void dryRunAuditsWithoutEvicting() throws Exception {
    Slice slice = cluster.newSlice();
    slice.createFogService("parking", 2, slice.smallNode, Map.of());
    executor = slice.startExecutor(Map.of(RescheduleExecutorConfig.DRY_RUN, true));
    Pod pod = slice.pods("parking").get(0);
    RescheduleDecision decision = slice.decisionFor(pod);

    slice.publish(decision);

    ActionAudit audit = awaitFinal(slice, decision.getDecisionId());
    assertThat(audit.getOutcome()).isEqualTo(ActionOutcome.DRY_RUN);
    assertThat(audit.getToNode()).isEqualTo(slice.bigNode);
    assertThat(audit.getDetails()).containsEntry("gate", "dry-run");
    assertThat(slice.pods("parking")).extracting(p -> p.getMetadata().getUid()).contains(pod.getMetadata().getUid());
  }

  @Test
  void retriesEvictionRejectedByBudget() throws Exception {
    Slice slice = cluster.newSlice();
    slice.createFogService("tram", 2, slice.smallNode, Map.of());
    createBudget(slice, "tram", 2);
    executor = slice.startExecutor(Map.of());
    RescheduleDecision decision = slice.decisionFor(slice.pods("tram").get(0));

    slice.publish(decision);
    await().atMost(AT_MOST).until(() -> intents(slice) == 1);
    await().during(Duration.ofMillis(600)).atMost(AT_MOST).until(() -> slice.auditsOf(decision.getDecisionId())
        .isEmpty() && slice.pods("tram").size() == 2);
    deleteBudget(slice, "tram");

    ActionAudit audit = awaitFinal(slice, decision.getDecisionId());
    assertThat(audit.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    assertThat(Integer.parseInt(audit.getDetails().get("evictionAttempts"))).isGreaterThan(1);
  }

  @Test
  void notImprovedMoveBacksOffThePod() throws Exception {
    Slice slice = cluster.newSlice();
    slice.createFogService("bus", 2, slice.smallNode, Map.of());
    executor = slice.startExecutor(Map.of());
    cluster.binder.force("bus", slice.smallNode);
    RescheduleDecision decision = slice.decisionFor(slice.pods("bus").get(0));
    Instant sent = Instant.now();

    slice.publish(decision);

    ActionAudit audit = awaitFinal(slice, decision.getDecisionId());
    cluster.binder.force("bus", null);
    assertThat(audit.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    assertThat(audit.getDetails()).containsEntry("placement", "not-improved")
        .containsEntry("landedNode", slice.smallNode);
    assertThat(audit.getReason()).contains("did not improve the placement");
    Instant cooldownUntil = Instant.parse(audit.getDetails().get("cooldownUntil"));
    assertThat(cooldownUntil).as("a move that did not improve doubles the 60 s cooldown")
        .isAfter(sent.plusSeconds(119));

    Pod replacement = slice.pods("bus").stream()
        .filter(p -> p.getMetadata().getUid().equals(audit.getDetails().get("replacementUid"))).findFirst()
        .orElseThrow();
    RescheduleDecision again = slice.decisionFor(replacement);
    slice.publish(again);
    assertSkippedAt(slice, again, "cooldown", "waits until");
  }

  @Test
  void deadLettersBadRecordsAndGoesOn() throws Exception {
    Slice slice = cluster.newSlice();
    slice.createFogService("meter", 2, slice.smallNode, Map.of());
    executor = slice.startExecutor(Map.of());
    Pod pod = slice.pods("meter").get(0);
    RescheduleDecision noUid = RescheduleDecision.newBuilder(slice.decisionFor(pod)).setPodUid("").build();
    RescheduleDecision valid = slice.decisionFor(pod);

    slice.publishRaw("x/y".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
    slice.publish(noUid);
    slice.publish(valid);

    await().atMost(AT_MOST).until(() -> slice.deadLetters().size() == 2);
    List<DeadLetter> letters = slice.deadLetters();
    assertThat(letters).extracting(DeadLetter::getFailedStage)
        .containsExactlyInAnyOrder(FailedStage.DESERIALIZATION, FailedStage.VALIDATION);
    assertThat(letters).extracting(DeadLetter::getSourceTopic).containsOnly(slice.decisionsTopic);
    assertThat(letters).filteredOn(l -> l.getFailedStage() == FailedStage.VALIDATION)
        .singleElement().satisfies(l -> assertThat(l.getErrorMessage()).contains("podUid is empty"));
    assertThat(awaitFinal(slice, valid.getDecisionId()).getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    assertThat(slice.auditsOf(noUid.getDecisionId())).isEmpty();
  }

  @Test
  void restartMidEvictionLosesAndDuplicatesNothing() throws Exception {
    Slice slice = cluster.newSlice();
    slice.createFogService("lights", 2, slice.smallNode, Map.of());
    Set<String> before = uids(slice.pods("lights"));
    createBudget(slice, "lights", 2);
    executor = slice.startExecutor(Map.of());
    RescheduleDecision decision = slice.decisionFor(slice.pods("lights").get(0));

    // First crash: the intent is recorded, but the budget keeps rejecting the eviction.
    slice.publish(decision);
    await().atMost(AT_MOST).until(() -> intents(slice) == 1);
    executor.close();
    cluster.binder.pause(true);
    deleteBudget(slice, "lights");

    // Second crash: the restarted executor evicts, but the replacement is still pending.
    executor = slice.startExecutor(Map.of());
    await().atMost(AT_MOST).until(() -> !uids(slice.pods("lights")).contains(decision.getPodUid()));
    executor.close();
    cluster.binder.pause(false);

    executor = slice.startExecutor(Map.of());
    slice.publish(decision);

    ActionAudit audit = awaitFinal(slice, decision.getDecisionId());
    assertThat(audit.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    await().atMost(AT_MOST).until(() -> slice.auditsOf(decision.getDecisionId()).size() == 2);
    assertThat(slice.auditsOf(decision.getDecisionId())).extracting(ActionAudit::getOutcome)
        .containsExactlyInAnyOrder(ActionOutcome.SUCCEEDED, ActionOutcome.ALREADY_DONE);
    await().during(Duration.ofMillis(500)).atMost(AT_MOST).until(() -> slice.readyPods("lights").size() == 2);
    Set<String> after = uids(slice.pods("lights"));
    assertThat(after).hasSize(2);
    assertThat(after).as("exactly one pod was replaced").containsAll(
        before.stream().filter(uid -> !uid.equals(decision.getPodUid())).collect(Collectors.toSet()));
    assertThat(after).contains(audit.getDetails().get("replacementUid"));
    assertThat(intents(slice)).isEqualTo(1);
  }

  private static ActionAudit awaitFinal(Slice slice, String decisionId) {
    await().atMost(AT_MOST).until(() -> slice.auditsOf(decisionId).stream()
        .anyMatch(a -> a.getOutcome() != ActionOutcome.ALREADY_DONE));
    List<ActionAudit> finals = slice.auditsOf(decisionId).stream()
        .filter(a -> a.getOutcome() != ActionOutcome.ALREADY_DONE).toList();
    assertThat(finals).as("final audit records of %s", decisionId).hasSize(1);
    return finals.get(0);
  }

  private static void assertSkippedAt(Slice slice, RescheduleDecision decision, String gate, String reason) {
    ActionAudit audit = awaitFinal(slice, decision.getDecisionId());
    assertThat(audit.getOutcome()).as(decision.getDecisionId()).isEqualTo(ActionOutcome.SKIPPED);
    assertThat(audit.getDetails()).as(decision.getDecisionId()).containsEntry("gate", gate);
    assertThat(audit.getReason()).as(decision.getDecisionId()).contains(reason);
  }

  private static void createBudget(Slice slice, String fogService, int minAvailable) {
    cluster.client.policy().v1().podDisruptionBudget().inNamespace(slice.namespace)
        .resource(new PodDisruptionBudgetBuilder()
            .withNewMetadata().withName(fogService).endMetadata()
            .withNewSpec().withMinAvailable(new IntOrString(minAvailable))
            .withNewSelector().addToMatchLabels("edgeplane.dev/fogservice", fogService).endSelector()
            .endSpec()
            .build())
        .create();
  }

  private static void deleteBudget(Slice slice, String fogService) {
    cluster.client.policy().v1().podDisruptionBudget().inNamespace(slice.namespace).withName(fogService).delete();
  }

  private static int intents(Slice slice) {
    return cluster.client.v1().events().inNamespace(slice.namespace)
        .withLabel(KubernetesClusterAccess.INTENT_LABEL, "true").list().getItems().size();
  }

  private static Set<String> uids(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }
}
