package dev.edgeplane.scheduler.schedule.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the Kubernetes Events a scheduler owes its pods: {@code FailedScheduling} with the reasons
 * per plugin, and {@code Scheduled}. Blocks on one API call; an Event that cannot be written is
 * logged and dropped, as kube-scheduler does, since the audit record keeps the decision.
 */
public final class SchedulingEvents {

  private static final Logger log = LoggerFactory.getLogger(SchedulingEvents.class);

  private final KubernetesClient client;
  private final String component;
  private final AtomicLong sequence = new AtomicLong();

  public SchedulingEvents(KubernetesClient client, String component) {
    this.client = client;
    this.component = component;
  }

  public void failedScheduling(PodInfo pod, String message) {
    failedScheduling(pod.namespace(), pod.name(), pod.uid(), message);
  }

  public void failedScheduling(String namespace, String name, String uid, String message) {
    write(namespace, name, uid, "Warning", "FailedScheduling", message);
  }

  public void scheduled(PodInfo pod, String node) {
    write(pod.namespace(), pod.name(), pod.uid(), "Normal", "Scheduled",
        "Successfully assigned " + pod.key() + " to " + node);
  }

  private void write(String namespace, String name, String uid, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Event event = new EventBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name + "." + Long.toHexString(System.currentTimeMillis()) + sequence.incrementAndGet())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("v1").withKind("Pod").withNamespace(namespace).withName(name).withUid(uid)
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withNewSource().withComponent(component).endSource()
        .withReportingComponent(component)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn("Could not write {} Event for pod {}/{}: HTTP {} {}; the audit record keeps the decision",
          reason, namespace, name, e.getCode(), e.getMessage());
    }
  }
}
