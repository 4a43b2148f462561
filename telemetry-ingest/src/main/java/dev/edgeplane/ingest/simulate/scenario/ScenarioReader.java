package dev.edgeplane.ingest.simulate.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.edgeplane.ingest.simulate.CityTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads scenario files: YAML, or JSON (which is also YAML). Unknown fields are errors, so that a
 * misspelt field does not silently leave a fault without effect. Thread-safe.
 */
public final class ScenarioReader {

  private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ScenarioReader() {
  }

  /**
   * Reads a scenario file. Blocks on file I/O.
   *
   * @throws IllegalArgumentException naming the file, the position and the problem when the file
   *     is missing, unreadable or invalid
   */
  public static Scenario read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Scenario file " + file + " does not exist or is not a file: "
          + "give the path of a YAML or JSON scenario, see docs/simulator.md");
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read scenario file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses scenario text; {@code origin} names it in errors.
   *
   * @throws IllegalArgumentException naming the origin, the position and the problem
   */
  public static Scenario parse(String text, String origin) {
    try {
      Scenario scenario = MAPPER.readValue(text, Scenario.class);
      if (scenario == null) {
        throw new IllegalArgumentException("Scenario " + origin + " is empty: give at least a name");
      }
      return scenario;
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException("Invalid scenario " + origin + " at " + position(e) + ": "
          + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid scenario " + origin + " at " + position(e) + ": "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * Checks that every node, link end and replica the scenario names exists.
   *
   * @param replicaKeys the {@code namespace/pod} keys of the replicas the run reports on
   * @throws IllegalArgumentException naming the first unknown name and the scenario
   */
  public static void checkNames(Scenario scenario, CityTopology city, Set<String> replicaKeys) {
    Set<String> nodes = new HashSet<>();
    city.nodes().forEach(node -> nodes.add(node.name()));
    for (ReplicaPlacement replica : scenario.replicas()) {
      requireNode(scenario, nodes, replica.node(), "replica " + replica.key());
    }
    for (Fault fault : scenario.faults()) {
      String what = "fault " + fault.kind().fileName() + " at " + fault.atMs() + " ms";
      for (String node : new String[] {fault.node(), fault.source(), fault.target()}) {
        if (node != null) {
          requireNode(scenario, nodes, node, what);
        }
      }
      if (fault.pod() != null && !replicaKeys.contains(fault.pod())) {
        throw new IllegalArgumentException("Scenario " + scenario.name() + ": " + what + " names replica "
            + fault.pod() + ", which the run does not report on; list it under replicas or use a default replica name");
      }
    }
  }

  private static void requireNode(Scenario scenario, Set<String> nodes, String node, String what) {
    if (!nodes.contains(node)) {
      throw new IllegalArgumentException("Scenario " + scenario.name() + ": " + what + " names node " + node
          + ", which the city does not have; check the name against the topology (--nodes, --city, --seed)");
    }
  }

  private static String position(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return "an unknown position";
    }
    return "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
