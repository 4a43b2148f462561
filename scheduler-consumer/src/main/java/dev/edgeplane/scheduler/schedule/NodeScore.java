package dev.edgeplane.scheduler.schedule;

import java.util.Map;

/**
 * The score of one feasible node for one pod.
 *
 * @param node    node name
 * @param total   weighted mean of the plugin scores, 0 to 100
 * @param plugins each score plugin's score on the 0..100 scale, by plugin name
 */
public record NodeScore(String node, double total, Map<String, Double> plugins) {

  public NodeScore {
    plugins = Map.copyOf(plugins);
  }
}
