package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterAccess} through fabric8. Intents are Kubernetes Events on the pod, named after the
 * decision id, so an operator sees them with {@code kubectl describe pod}, a second create of the
 * same intent gets 409, and a restarted executor lists them by label.
 *
 * <p>NOTE: the API server deletes Events after its {@code --event-ttl} (1 h by default). An
 * executor that stays down longer than that after a crash between intent and audit no longer
 * finds the intent, and the decision stays without a final audit record.
 *
 * <p>Evictions go through a second client on the same configuration with request retries off.
 * fabric8 8.0.0 retries HTTP 429 and 5xx inside the call with growing waits, so a
 * PodDisruptionBudget that keeps rejecting would block the executor thread. The executor retries
 * those itself between its other work, and checks its gates again before each retry. {@link #close()} closes that
 * second client only.
 */
public final class KubernetesClusterAccess implements ClusterAccess, AutoCloseable {

  /** Label that marks an Event as an eviction intent of the executor. */
  public static final String INTENT_LABEL = "edgeplane.dev/eviction-intent";
  /** Reason of the intent Events. */
  public static final String INTENT_REASON = "EvictionRequested";
  /** Component named as the source of the intent Events. */
  public static final String COMPONENT = "edgeplane-executor";

  private static final String PREFIX = "edgeplane.dev/intent-";
  private static final Logger log = LoggerFactory.getLogger(KubernetesClusterAccess.class);

  private final KubernetesClient client;
  private final KubernetesClient evictionClient;

  /** Uses the client without closing it; the caller owns it. */
  public KubernetesClusterAccess(KubernetesClient client) {
    this.client = client;
    Config config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    this.evictionClient = new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public void close() {
    evictionClient.close();
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<FogService> fogService(String namespace, String name) {
    return Optional.ofNullable(client.resources(FogService.class).inNamespace(namespace).withName(name).get());
  }

  @Override
  public List<Pod> podsOf(String namespace, String fogService) {
    return client.pods().inNamespace(namespace).withLabel(PodMetadataKeys.FOGSERVICE_LABEL, fogService)
        .list().getItems();
  }

  @Override
  public EvictionResult evict(String namespace, String name, String uid) {
    Eviction eviction = new EvictionBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withDeleteOptions(new DeleteOptionsBuilder().withNewPreconditions().withUid(uid).endPreconditions().build())
        .build();
    try {
      boolean evicted = evictionClient.pods().inNamespace(namespace).withName(name).evict(eviction);
      // fabric8 maps 429, the only status it does not raise, to false.
      return evicted ? EvictionResult.evicted()
          : EvictionResult.rejectedByBudget("a PodDisruptionBudget forbids the disruption now (HTTP 429)");
    } catch (KubernetesClientException e) {
      return EvictionResult.failure(e.getCode(), String.valueOf(e.getMessage()));
    }
  }

  @Override
  public boolean recordIntent(EvictionIntent intent) {
    Event event = new EventBuilder()
        .withNewMetadata()
        .withNamespace(intent.namespace())
        .withName(intent.objectName())
        .withLabels(Map.of(INTENT_LABEL, "true"))
        .withAnnotations(annotations(intent))
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("v1").withKind("Pod")
        .withNamespace(intent.namespace()).withName(intent.pod()).withUid(intent.podUid())
        .endInvolvedObject()
        .withType("Normal")
        .withReason(INTENT_REASON)
        .withMessage("Evicting pod " + intent.pod() + " from node " + intent.fromNode() + " for decision "
            + intent.decisionId() + "; the scheduler predicts node " + intent.predictedTarget())
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withCount(1)
        .withFirstTimestamp(intent.requestedTime().toString())
        .withLastTimestamp(intent.requestedTime().toString())
        .build();
    try {
      client.v1().events().inNamespace(intent.namespace()).resource(event).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<EvictionIntent> intents(String namespace) {
    List<Event> events = namespace == null
        ? client.v1().events().inAnyNamespace().withLabel(INTENT_LABEL, "true").list().getItems()
        : client.v1().events().inNamespace(namespace).withLabel(INTENT_LABEL, "true").list().getItems();
    List<EvictionIntent> intents = new ArrayList<>();
    for (Event event : events) {
      try {
        intents.add(intentOf(event));
      } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
        log.warn("Ignoring eviction intent Event {}/{}, whose annotations are incomplete: {}",
            event.getMetadata().getNamespace(), event.getMetadata().getName(), e.toString());
      }
    }
    return intents;
  }

  private static Map<String, String> annotations(EvictionIntent intent) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(PREFIX + "decision-id", intent.decisionId());
    annotations.put(PREFIX + "pod-uid", intent.podUid());
    annotations.put(PREFIX + "fogservice", intent.fogService());
    annotations.put(PREFIX + "location", intent.location());
    annotations.put(PREFIX + "from-node", intent.fromNode());
    annotations.put(PREFIX + "predicted-target", intent.predictedTarget());
    annotations.put(PREFIX + "strategy", intent.strategy());
    annotations.put(PREFIX + "requested-time", intent.requestedTime().toString());
    return annotations;
  }

  private static EvictionIntent intentOf(Event event) {
    Map<String, String> annotations = event.getMetadata().getAnnotations();
    return new EvictionIntent(
        annotations.get(PREFIX + "decision-id"),
        event.getMetadata().getNamespace(),
        event.getInvolvedObject().getName(),
        annotations.get(PREFIX + "pod-uid"),
        annotations.get(PREFIX + "fogservice"),
        annotations.get(PREFIX + "location"),
        annotations.get(PREFIX + "from-node"),
        annotations.get(PREFIX + "predicted-target"),
        annotations.getOrDefault(PREFIX + "strategy", "UNKNOWN"),
        Instant.parse(annotations.get(PREFIX + "requested-time")));
  }
}
