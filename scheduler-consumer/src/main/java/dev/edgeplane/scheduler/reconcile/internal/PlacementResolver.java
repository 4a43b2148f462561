package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogServiceSpec;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns placements into desired replicas per location. A location selector selects nodes, and each
 * distinct {@code edgeplane.dev/location} value among them gets the placement's replicas. When an
 * explicit location and a selected one coincide, the explicit placement wins, so a user can
 * override one location of a selector.
 */
public final class PlacementResolver {

  /** Desired replicas per location in name order, and the notes worth a Degraded message. */
  public record Resolution(Map<String, Integer> replicasByLocation, List<String> warnings) {
  }

  public Resolution resolve(FogServiceSpec spec, Collection<Node> nodes) {
    Set<String> knownLocations = new TreeSet<>();
    for (Node node : nodes) {
      String location = location(node);
      if (location != null) {
        knownLocations.add(location);
      }
    }

    Map<String, Integer> explicit = new TreeMap<>();
    Map<String, Integer> selected = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    List<Placement> placements = spec.getPlacements();
    for (int i = 0; i < placements.size(); i++) {
      Placement placement = placements.get(i);
      if (placement.getLocation() != null) {
        explicit.put(placement.getLocation(), placement.getReplicas());
        if (placement.getReplicas() > 0 && !knownLocations.contains(placement.getLocation())) {
          warnings.add("location " + placement.getLocation() + " has no node, so its pods stay "
              + "Pending until a node labelled " + Placement.LOCATION_LABEL + "="
              + placement.getLocation() + " joins");
        }
        continue;
      }
      Set<String> matched = new TreeSet<>();
      for (Node node : nodes) {
        String location = location(node);
        if (location != null && matches(placement.getLocationSelector(), node.getMetadata().getLabels())) {
          matched.add(location);
        }
      }
      if (matched.isEmpty()) {
        warnings.add("spec.placements[" + i + "].locationSelector matches no node that has the label "
            + Placement.LOCATION_LABEL);
      }
      for (String location : matched) {
        selected.merge(location, placement.getReplicas(), Math::max);
      }
    }

    Map<String, Integer> result = new TreeMap<>(selected);
    result.putAll(explicit);
    result.values().removeIf(replicas -> replicas == 0);
    return new Resolution(result, warnings);
  }

  private static String location(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? null : labels.get(Placement.LOCATION_LABEL);
  }

  /** Matches labels with the API server's rules for a label selector; the validator checked it. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
        if (!required.getValue().equals(actual.get(required.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        String value = actual.get(requirement.getKey());
        boolean ok = switch (requirement.getOperator()) {
          case "In" -> value != null && requirement.getValues().contains(value);
          case "NotIn" -> value == null || !requirement.getValues().contains(value);
          case "Exists" -> value != null;
          case "DoesNotExist" -> value == null;
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
