package dev.edgeplane.scheduler.schedule;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.scheduler.api.v1alpha1.NodeMetadataKeys;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Nodes, pods and view records for scheduler tests, built without an API server. */
public final class SchedulingFixtures {

  private SchedulingFixtures() {
  }

  /** Starts a Ready node at the location, with 4 CPUs, 8 GiB and 110 pod slots unless set otherwise. */
  public static NodeSpec node(String name, String location) {
    return new NodeSpec(name, location);
  }

  /** Starts a pending pod of this scheduler owned by the FogService, requesting 250m CPU and 256 MiB unless set. */
  public static PodSpec pod(String name, String fogService, String location) {
    return new PodSpec(name, fogService, location);
  }

  public static NodeHealth health(String node, NodeHealthState state) {
    Instant now = Instant.now();
    return NodeHealth.newBuilder().setNode(node).setState(state).setPreviousState(NodeHealthState.HEALTHY)
        .setSince(now).setWindowStart(now.minusSeconds(10)).setWindowEnd(now).setWindowGraceMs(1000)
        .setConsecutiveBadWindows(3).setConsecutiveGoodWindows(0).setVantagePoints(2).build();
  }

  /** Returns a node-to-node probe result received now. */
  public static LinkLatency latency(String source, String target, double rttMicros) {
    return latency(source, target, rttMicros, Instant.now());
  }

  public static LinkLatency latency(String source, String target, double rttMicros, Instant received) {
    return LinkLatency.newBuilder().setSourceNode(source).setTargetNode(target).setProbeKind(ProbeKind.NODE_TO_NODE)
        .setProtocol(ProbeProtocol.ICMP).setEventTime(received).setReceiveTime(received)
        .setSource(TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT).setId("agent-" + source).build())
        .setProbeCount(5).setRttMicros(rttMicros).setJitterMicros(10.0).setLossRatio(0.0).build();
  }

  /** Builder of a test node. */
  public static final class NodeSpec {
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private String cpu = "4";
    private String memory = "8Gi";
    private int pods = 110;
    private boolean ready = true;

    private NodeSpec(String name, String location) {
      this.name = name;
      labels.put(NodeMetadataKeys.LOCATION_LABEL, location);
    }

    public NodeSpec cpu(String cpu) {
      this.cpu = cpu;
      return this;
    }

    public NodeSpec memory(String memory) {
      this.memory = memory;
      return this;
    }

    public NodeSpec pods(int pods) {
      this.pods = pods;
      return this;
    }

    public NodeSpec realtime() {
      return capability(NodeMetadataKeys.REALTIME_CAPABILITY);
    }

    public NodeSpec capability(String name) {
      labels.put(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX + name, "true");
      return this;
    }

    public NodeSpec annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public NodeSpec notReady() {
      this.ready = false;
      return this;
    }

    public Node build() {
      Map<String, Quantity> capacity = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
          "pods", new Quantity(Integer.toString(pods)));
      return new NodeBuilder()
          .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
          .withNewSpec().endSpec()
          .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
          .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
          .endStatus()
          .build();
    }
  }

  /** Builder of a test pod. */
  public static final class PodSpec {
    private final String name;
    private final String fogService;
    private final String location;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final Map<String, String> selector = new LinkedHashMap<>();
    private String namespace = "city";
    private String cpu = "250m";
    private String memory = "256Mi";
    private String node;
    private String uid = UUID.randomUUID().toString();
    private String created = "2026-12-04T10:00:00Z";

    private PodSpec(String name, String fogService, String location) {
      this.name = name;
      this.fogService = fogService;
      this.location = location;
    }

    public PodSpec namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public PodSpec cpu(String cpu) {
      this.cpu = cpu;
      return this;
    }

    public PodSpec memory(String memory) {
      this.memory = memory;
      return this;
    }

    /** Real-time FIFO with the given runtime and period in microseconds. */
    public PodSpec realtime(long runtimeMicros, long periodMicros) {
      annotations.put(PodMetadataKeys.REALTIME_POLICY, "FIFO");
      annotations.put(PodMetadataKeys.REALTIME_PRIORITY, "50");
      annotations.put(PodMetadataKeys.REALTIME_RUNTIME_MICROS, Long.toString(runtimeMicros));
      annotations.put(PodMetadataKeys.REALTIME_PERIOD_MICROS, Long.toString(periodMicros));
      return this;
    }

    public PodSpec critical() {
      annotations.put(PodMetadataKeys.CRITICAL, "true");
      return this;
    }

    /** Comma-separated {@code fogservice:maxRoundTripMicros} pairs. */
    public PodSpec dependencies(String value) {
      annotations.put(PodMetadataKeys.DEPENDENCIES, value);
      return this;
    }

    public PodSpec capability(String capability) {
      selector.put(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX + capability, "true");
      return this;
    }

    public PodSpec boundTo(String node) {
      this.node = node;
      return this;
    }

    public PodSpec uid(String uid) {
      this.uid = uid;
      return this;
    }

    public PodSpec created(String timestamp) {
      this.created = timestamp;
      return this;
    }

    public Pod build() {
      Map<String, String> labels = new LinkedHashMap<>();
      if (fogService != null) {
        labels.put(PodMetadataKeys.FOGSERVICE_LABEL, fogService);
      }
      Map<String, String> nodeSelector = new LinkedHashMap<>(selector);
      if (location != null) {
        labels.put(PodMetadataKeys.LOCATION_LABEL, location);
        nodeSelector.put(PodMetadataKeys.LOCATION_LABEL, location);
      }
      return new PodBuilder()
          .withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).withCreationTimestamp(created)
          .withLabels(labels).withAnnotations(annotations).endMetadata()
          .withNewSpec().withSchedulerName(PodMetadataKeys.SCHEDULER_NAME).withNodeSelector(nodeSelector)
          .withNodeName(node)
          .addNewContainer().withName("main").withImage("registry.example/app:1")
          .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
          .endResources().endContainer()
          .endSpec()
          .build();
    }
  }
}
