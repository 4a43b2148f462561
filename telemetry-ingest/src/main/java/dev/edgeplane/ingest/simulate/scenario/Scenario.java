package dev.edgeplane.ingest.simulate.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted run of the simulator: the faults to inject, and optionally the replicas to report on
 * in place of the default placement. Immutable. {@link ScenarioReader} reads one from YAML or JSON.
 *
 * @param name       a short name, for logs
 * @param durationMs how long the run lasts in simulated time, in ms; 0 leaves it to the configuration
 * @param faults     the faults, ordered by start time
 * @param replicas   the replicas to report on; empty means the default placement
 */
public record Scenario(String name, long durationMs, List<Fault> faults, List<ReplicaPlacement> replicas) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    if (durationMs < 0) {
      throw new IllegalArgumentException("Scenario " + name + " has durationMs " + durationMs + ": give 0 or more");
    }
    faults = faults.stream().sorted(Comparator.comparingLong(Fault::atMs)).toList();
    replicas = List.copyOf(replicas);
  }

  @JsonCreator
  static Scenario fromFile(@JsonProperty(value = "name", required = true) String name,
      @JsonProperty("durationMs") Long durationMs, @JsonProperty("faults") List<Fault> faults,
      @JsonProperty("replicas") List<ReplicaPlacement> replicas) {
    return new Scenario(name, durationMs == null ? 0 : durationMs, faults == null ? List.of() : faults,
        replicas == null ? List.of() : replicas);
  }

  /** Returns a scenario without faults that keeps the default replica placement. */
  public static Scenario quiet() {
    return new Scenario("quiet", 0, List.of(), List.of());
  }

  /** Returns the duration the scenario requests, if it requests one. */
  public Optional<Long> requestedDurationMs() {
    return durationMs > 0 ? Optional.of(durationMs) : Optional.empty();
  }
}
