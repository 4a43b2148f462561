package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceSpec;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.api.v1alpha1.Realtime;
import dev.edgeplane.scheduler.api.v1alpha1.RealtimePolicy;
import dev.edgeplane.scheduler.api.v1alpha1.Requirements;
import dev.edgeplane.scheduler.api.v1alpha1.RuntimeKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Builds the pod of one replica of a FogService at one location from the pod template. It adds what
 * the scheduler and the inventory read: scheduler name, labels, annotations and node selector, and
 * the owner reference that ties the pod to its FogService.
 */
public final class PodFactory {

  /** Letters Kubernetes uses for generated name suffixes: no vowels, so no words, and no 0/1/3. */
  private static final char[] SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
  private static final int SUFFIX_LENGTH = 5;
  /** Pod names stay within 63 characters so they also fit the pod's hostname. */
  private static final int MAX_PREFIX_LENGTH = 63 - SUFFIX_LENGTH;

  private final Random random;

  public PodFactory() {
    this(new SecureRandom());
  }

  PodFactory(Random random) {
    this.random = random;
  }

  /** Returns a new pod with a fresh name; the FogService must be valid. */
  public Pod build(FogService fogService, String location) {
    FogServiceSpec spec = fogService.getSpec();
    Pod pod = new Pod();
    pod.setMetadata(metadata(fogService, location));
    pod.setSpec(podSpec(spec, location));
    return pod;
  }

  private ObjectMeta metadata(FogService fogService, String location) {
    FogServiceSpec spec = fogService.getSpec();
    ObjectMeta template = spec.getTemplate().getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (template != null && template.getLabels() != null) {
      labels.putAll(template.getLabels());
    }
    if (template != null && template.getAnnotations() != null) {
      annotations.putAll(template.getAnnotations());
    }
    labels.put(PodMetadataKeys.FOGSERVICE_LABEL, fogService.getMetadata().getName());
    labels.put(PodMetadataKeys.LOCATION_LABEL, location);
    annotations.putAll(annotations(fogService));

    ObjectMeta metadata = new ObjectMeta();
    metadata.setNamespace(fogService.getMetadata().getNamespace());
    metadata.setName(podName(fogService.getMetadata().getName(), location));
    metadata.setLabels(labels);
    metadata.setAnnotations(annotations);
    metadata.setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(fogService.getApiVersion())
        .withKind(fogService.getKind())
        .withName(fogService.getMetadata().getName())
        .withUid(fogService.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build()));
    return metadata;
  }

  static Map<String, String> annotations(FogService fogService) {
    FogServiceSpec spec = fogService.getSpec();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(PodMetadataKeys.FOGSERVICE_GENERATION, String.valueOf(fogService.getMetadata().getGeneration()));
    annotations.put(PodMetadataKeys.CRITICAL, Boolean.toString(spec.isCritical()));
    RuntimeKind kind = spec.getRuntime() == null ? RuntimeKind.CONTAINER : spec.getRuntime().getKind();
    annotations.put(PodMetadataKeys.RUNTIME_KIND, kind.name().toLowerCase(Locale.ROOT));

    Realtime realtime = spec.getRealtime();
    if (realtime != null && realtime.getPolicy() != RealtimePolicy.NONE) {
      annotations.put(PodMetadataKeys.REALTIME_POLICY, realtime.getPolicy().name());
      if (realtime.getPriority() != null) {
        annotations.put(PodMetadataKeys.REALTIME_PRIORITY, realtime.getPriority().toString());
      }
      annotations.put(PodMetadataKeys.REALTIME_RUNTIME_MICROS, realtime.getRuntimeMicros().toString());
      annotations.put(PodMetadataKeys.REALTIME_PERIOD_MICROS, realtime.getPeriodMicros().toString());
      Long deadline = realtime.getDeadlineMicros() == null ? realtime.getPeriodMicros() : realtime.getDeadlineMicros();
      annotations.put(PodMetadataKeys.REALTIME_DEADLINE_MICROS, deadline.toString());
    }

    if (!spec.getDependencies().isEmpty()) {
      annotations.put(PodMetadataKeys.DEPENDENCIES, spec.getDependencies().stream()
          .map(d -> d.getFogService() + ":" + d.getMaxRoundTripMicros())
          .collect(Collectors.joining(",")));
    }

    Requirements requirements = spec.getRequirements();
    if (requirements != null && requirements.getCpu() != null) {
      annotations.put(PodMetadataKeys.REQUIRED_CPU, requirements.getCpu().toString());
    }
    if (requirements != null && requirements.getMemory() != null) {
      annotations.put(PodMetadataKeys.REQUIRED_MEMORY, requirements.getMemory().toString());
    }
    return annotations;
  }

  private static PodSpec podSpec(FogServiceSpec spec, String location) {
    // A deep copy, because the template belongs to the informer's cached FogService.
    PodSpec podSpec = Serialization.clone(spec.getTemplate().getSpec());
    podSpec.setSchedulerName(PodMetadataKeys.SCHEDULER_NAME);

    Map<String, String> nodeSelector = new LinkedHashMap<>();
    if (podSpec.getNodeSelector() != null) {
      nodeSelector.putAll(podSpec.getNodeSelector());
    }
    Requirements requirements = spec.getRequirements();
    if (requirements != null) {
      nodeSelector.putAll(requirements.getNodeLabels());
      for (String capability : requirements.getCapabilities()) {
        nodeSelector.put(Requirements.CAPABILITY_LABEL_PREFIX + capability, "true");
      }
      fillRequests(podSpec, requirements);
    }
    nodeSelector.put(PodMetadataKeys.LOCATION_LABEL, location);
    podSpec.setNodeSelector(nodeSelector);

    if (spec.getRuntime() != null && spec.getRuntime().getRuntimeClassName() != null) {
      podSpec.setRuntimeClassName(spec.getRuntime().getRuntimeClassName());
    }
    return podSpec;
  }

  /**
   * Gives the first container the per-replica CPU and memory as requests when no container requests
   * that resource, so that the kubelet reserves what the scheduler counted.
   */
  private static void fillRequests(PodSpec podSpec, Requirements requirements) {
    Container first = podSpec.getContainers().get(0);
    fillRequest(podSpec, first, "cpu", requirements.getCpu());
    fillRequest(podSpec, first, "memory", requirements.getMemory());
  }

  private static void fillRequest(PodSpec podSpec, Container first, String resource, Quantity amount) {
    if (amount == null) {
      return;
    }
    boolean anyRequest = podSpec.getContainers().stream()
        .anyMatch(c -> c.getResources() != null && c.getResources().getRequests() != null
            && c.getResources().getRequests().containsKey(resource));
    if (anyRequest) {
      return;
    }
    if (first.getResources() == null) {
      first.setResources(new ResourceRequirements());
    }
    Map<String, Quantity> requests = first.getResources().getRequests() == null
        ? new LinkedHashMap<>() : new LinkedHashMap<>(first.getResources().getRequests());
    requests.put(resource, amount);
    first.getResources().setRequests(requests);
  }

  private String podName(String fogService, String location) {
    String prefix = (fogService + "-" + location.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"))
        .replaceAll("-+", "-");
    if (prefix.length() > MAX_PREFIX_LENGTH - 1) {
      prefix = prefix.substring(0, MAX_PREFIX_LENGTH - 1);
    }
    StringBuilder name = new StringBuilder(prefix).append('-');
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      name.append(SUFFIX_ALPHABET[random.nextInt(SUFFIX_ALPHABET.length)]);
    }
    return name.toString();
  }
}
