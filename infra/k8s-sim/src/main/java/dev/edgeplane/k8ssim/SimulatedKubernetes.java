package dev.edgeplane.k8ssim;

import dev.edgeplane.k8ssim.internal.ApiExtensionDispatcher;
import dev.edgeplane.k8ssim.internal.NodeHeartbeats;
import dev.edgeplane.k8ssim.internal.SimulatedKubelets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A Kubernetes API server in the JVM: the fabric8 mock server in CRUD mode, with what a scheduler,
 * a descheduler and a controller need beyond CRUD:
 *
 * <ul>
 *   <li>{@code pods/binding} and {@code bindings}: set {@code spec.nodeName} and the
 *       {@code PodScheduled} condition, 409 for a pod already bound;</li>
 *   <li>{@code pods/eviction}: deletes the pod, or 429 when a PodDisruptionBudget forbids it;</li>
 *   <li>simulated kubelets: a bound pod turns Running and Ready after the start-up delay, node
 *       Leases are renewed, and a silenced node turns Ready=Unknown after the grace period, with
 *       its pods marked not Ready.</li>
 * </ul>
 *
 * <p>Gaps that remain from the mock server (fabric8 8.0.0): label selector queries ignore
 * {@code in} and {@code notin}, field selectors other than name and namespace match nothing,
 * strategic merge patch and server-side apply get 415, and a delete removes the object at once,
 * whatever its grace period, unless it carries finalizers. Code under test should use equality
 * label selectors, JSON or merge patches, and updates.
 *
 * <p>Listens on 127.0.0.1 only. The caller closes the instance, which closes {@link #client()}.
 */
public final class SimulatedKubernetes implements AutoCloseable {

  // The mock server logs every request at INFO through java.util.logging. This strong reference
  // keeps the logger, and so its lowered level, from being garbage collected.
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final NodeHeartbeats heartbeats;
  private final SimulatedKubelets kubelets;

  private SimulatedKubernetes(Builder builder) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
        responses, new ApiExtensionDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    this.client = server.createClient();
    this.heartbeats = new NodeHeartbeats(client, builder.leaseRenewInterval, builder.nodeMonitorGracePeriod);
    this.kubelets = new SimulatedKubelets(client, heartbeats, builder.podStartupDelay,
        builder.nodeMonitorGracePeriod, builder.kubeletInterval);
    kubelets.start();
  }

  /** Starts a simulated API with default timings; blocks until it listens. */
  public static SimulatedKubernetes start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Returns the client shared by all callers; {@link #close()} closes it. */
  public KubernetesClient client() {
    return client;
  }

  /** Creates a new client for this API, for components that close their own client. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** Returns the URL of the API, such as {@code http://127.0.0.1:41234/}, for a kubeconfig. */
  public String masterUrl() {
    return client.getMasterUrl().toString();
  }

  /**
   * Creates the node, Ready, with its capacity as allocatable, and starts its heartbeats. Blocks on
   * the API calls.
   */
  public Node addNode(SimulatedNode node) {
    Map<String, Quantity> capacity = Map.of(
        "cpu", new Quantity(node.cpu()),
        "memory", new Quantity(node.memory()),
        "pods", new Quantity(Integer.toString(node.maxPods())));
    Node created = client.nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(node.name()).withLabels(node.labels()).endMetadata()
        .withNewSpec().endSpec()
        .build()).create();

    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    created.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withConditions(new NodeConditionBuilder()
            .withType("Ready").withStatus("True").withReason("KubeletReady")
            .withMessage("kubelet is posting ready status")
            .withLastHeartbeatTime(now).withLastTransitionTime(now)
            .build())
        .build());
    Node ready = client.nodes().resource(created).updateStatus();
    heartbeats.register(node.name());
    return ready;
  }

  /**
   * Stops the node's heartbeats, as when it loses power or network. After the node monitor grace
   * period the node turns Ready=Unknown and its pods not Ready. Returns at once.
   */
  public void silenceNode(String name) {
    heartbeats.setOnline(name, false);
  }

  /** Resumes the node's heartbeats; the node and its pods turn Ready again. Returns at once. */
  public void resumeNode(String name) {
    heartbeats.setOnline(name, true);
  }

  /**
   * Stops the kubelets, the client and the server. Blocks until they stop, or for at most the mock
   * server's 10 s wait for open connections. A busy machine can exceed that wait while watch
   * connections of other clients drain, and the port is released either way.
   */
  @Override
  public void close() {
    kubelets.close();
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      org.slf4j.LoggerFactory.getLogger(SimulatedKubernetes.class)
          .warn("The simulated API server did not close every connection in time; continuing: {}", e.toString());
    }
  }

  /**
   * Timings of the simulated cluster. Defaults: pods start 200 ms after binding, Leases renew every
   * 500 ms, a node turns Unknown after 2 s without renewal, and the kubelet loop runs every 50 ms.
   * Real clusters use about 10 s and 40 s for the Lease timings; the defaults are shorter so tests
   * see node loss quickly.
   */
  public static final class Builder {

    private Duration podStartupDelay = Duration.ofMillis(200);
    private Duration leaseRenewInterval = Duration.ofMillis(500);
    private Duration nodeMonitorGracePeriod = Duration.ofSeconds(2);
    private Duration kubeletInterval = Duration.ofMillis(50);

    private Builder() {
    }

    public Builder podStartupDelay(Duration delay) {
      this.podStartupDelay = requireNonNegative("podStartupDelay", delay);
      return this;
    }

    public Builder leaseRenewInterval(Duration interval) {
      this.leaseRenewInterval = requirePositive("leaseRenewInterval", interval);
      return this;
    }

    public Builder nodeMonitorGracePeriod(Duration grace) {
      this.nodeMonitorGracePeriod = requirePositive("nodeMonitorGracePeriod", grace);
      return this;
    }

    public Builder kubeletInterval(Duration interval) {
      this.kubeletInterval = requirePositive("kubeletInterval", interval);
      return this;
    }

    /** Starts the simulated API; blocks until it listens and its kubelets run. */
    public SimulatedKubernetes start() {
      if (nodeMonitorGracePeriod.compareTo(leaseRenewInterval) <= 0) {
        throw new IllegalArgumentException("nodeMonitorGracePeriod " + nodeMonitorGracePeriod
            + " must exceed leaseRenewInterval " + leaseRenewInterval
            + ", or every node would turn Unknown between renewals");
      }
      return new SimulatedKubernetes(this);
    }

    private static Duration requirePositive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " is " + value + ": give a positive duration");
      }
      return value;
    }

    private static Duration requireNonNegative(String name, Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(name + " is " + value + ": give a duration of zero or more");
      }
      return value;
    }
  }
}
