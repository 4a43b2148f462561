package dev.edgeplane.ingest.simulate.replay;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which data set drives which part of the city, and how fast the traces play. The defaults are
 * documented in docs/simulator.md; {@code SimulatorConfig} resolves one from its replay settings.
 * Edge nodes are counted from 0 in topology order.
 *
 * @param datasets           the data sets to replay, from {@link #DATASETS}; the rest stays modelled
 * @param seattleFrames      Seattle frames to read, from the first
 * @param seattleFrameMs     simulated time one Seattle frame lasts, in ms; the data set does not
 *                           state the real spacing of its frames
 * @param seattleScale       factor applied to Seattle round trips, which are Internet paths of
 *                           hundreds of ms, to bring them to metro scale
 * @param seattleHosts       Seattle host (counted from 1) of each edge node, wrapping around; empty
 *                           means edge node k is host k mod 99 + 1
 * @param pingSampleMs       simulated time between two ping probes, in ms (ping sent one a second)
 * @param pingNodeStride     probes by which each edge node's starting point in a ping log moves on
 *                           from the previous node's, so that nodes sharing a log are not in step
 * @param accessLegFiles     ping logs, relative to the 5G data set folder, for the radio-access leg
 *                           (uplink to edge node); edge node k uses file k mod size
 * @param cloudLegFiles      ping logs for the edge-to-cloud leg (control node to edge node)
 * @param planetLabDay       PlanetLab day to read, such as {@code 20110303}
 * @param planetLabSampleMs  simulated time one PlanetLab sample lasts, in ms (5 minutes in the data)
 */
public record ReplayMapping(Set<String> datasets, int seattleFrames, long seattleFrameMs, double seattleScale,
    List<Integer> seattleHosts, long pingSampleMs, int pingNodeStride, List<String> accessLegFiles,
    List<String> cloudLegFiles, String planetLabDay, long planetLabSampleMs) {

  public static final String SEATTLE = "seattle-latency";
  public static final String PING = "5g-edge-cloud-ping";
  public static final String PLANETLAB = "planetlab-cpu";
  /** The data sets the simulator can replay, each the name of its folder in the traces folder. */
  public static final List<String> DATASETS = List.of(SEATTLE, PING, PLANETLAB);

  public ReplayMapping {
    datasets = Set.copyOf(datasets);
    seattleHosts = List.copyOf(seattleHosts);
    accessLegFiles = List.copyOf(accessLegFiles);
    cloudLegFiles = List.copyOf(cloudLegFiles);
    Objects.requireNonNull(planetLabDay, "planetLabDay");
    for (String dataset : datasets) {
      if (!DATASETS.contains(dataset)) {
        throw new IllegalArgumentException("Unknown data set '" + dataset + "' in replay.datasets: use any of "
            + String.join(", ", DATASETS));
      }
    }
    if (datasets.contains(PING) && (accessLegFiles.isEmpty() || cloudLegFiles.isEmpty())) {
      throw new IllegalArgumentException("Replaying " + PING + " needs at least one file in each of"
          + " replay.ping.access.files and replay.ping.cloud.files");
    }
  }
}
