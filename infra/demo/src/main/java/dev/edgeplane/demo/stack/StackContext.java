package dev.edgeplane.demo.stack;

import java.util.Map;

import dev.edgeplane.demo.replica.ReplicaBehaviour;
import dev.edgeplane.demo.replica.ReplicaFleet;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Services of the stack that a {@link ComponentStarter} can use: the addresses of the broker and the registry, the
 * simulated API, the city, the replica fleet and its behaviour. Used by the thread that starts the
 * stack; the stack owns everything reachable from here.
 */
public interface StackContext {

    String bootstrapServers();

    String registryUrl();

    SimulatedKubernetes kubernetes();

    CityTopology city();

    ReplicaFleet fleet();

    ReplicaBehaviour behaviour();

    /**
     * Returns a Prometheus meter registry for {@code service}, served at an endpoint of its own that
     * the stack advertises as {@code metrics of <service>}; a second call with the same name returns
     * the same registry. The stack closes the endpoint and the registry.
     */
    MeterRegistry meterRegistry(String service);

    /** Records an address to print at start, such as {@code weights API -> http://127.0.0.1:9471/v1/weights}. */
    void advertise(String what, String address);

    /** Returns the advertised addresses so far, in the order advertised. */
    Map<String, String> addresses();
}
