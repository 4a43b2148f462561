package dev.edgeplane.ingest.simulate.replay;

import dev.edgeplane.ingest.simulate.LinkSample;
import dev.edgeplane.ingest.simulate.internal.PingLog;
import dev.edgeplane.ingest.simulate.internal.PlanetLabTraces;
import dev.edgeplane.ingest.simulate.internal.SeattleMatrices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives links and nodes from real measurements read in place from a traces folder, as
 * {@link ReplayMapping} specifies: the Seattle matrices for links between edge nodes, the 5G ping logs
 * for the radio-access and edge-to-cloud legs, and the PlanetLab traces for node CPU. Trace time 0
 * is the start of the run; every trace loops when it runs out. A stall or step in a trace comes out
 * as a burst with a high round trip or lost probes, the same events a scripted fault gives.
 * Immutable after {@link #load}, so safe to share between threads.
 */
public final class TraceReplay {

  private static final Logger log = LoggerFactory.getLogger(TraceReplay.class);

  private final ReplayMapping mapping;
  private final SeattleMatrices seattle;
  private final List<PingLog> accessLeg;
  private final List<PingLog> cloudLeg;
  private final PlanetLabTraces planetLab;
  private final String description;

  private TraceReplay(ReplayMapping mapping, SeattleMatrices seattle, List<PingLog> accessLeg, List<PingLog> cloudLeg,
      PlanetLabTraces planetLab, String description) {
    this.mapping = mapping;
    this.seattle = seattle;
    this.accessLeg = accessLeg;
    this.cloudLeg = cloudLeg;
    this.planetLab = planetLab;
    this.description = description;
  }

  /**
   * Reads the data sets the mapping names from {@code tracesDir}. Blocks on file I/O, a few seconds
   * for all three.
   *
   * @throws IllegalArgumentException naming the missing or malformed file and the fix
   */
  public static TraceReplay load(Path tracesDir, ReplayMapping mapping) {
    if (!Files.isDirectory(tracesDir)) {
      throw new IllegalArgumentException("Traces folder " + tracesDir + " does not exist: set --traces or "
          + "EDGEPLANE_TRACES_DIR to the folder that holds " + String.join(", ", mapping.datasets()));
    }
    List<String> parts = new ArrayList<>();

    SeattleMatrices seattle = null;
    if (mapping.datasets().contains(ReplayMapping.SEATTLE)) {
      seattle = SeattleMatrices.read(tracesDir.resolve(ReplayMapping.SEATTLE), mapping.seattleFrames());
      parts.add(seattle.frames() + " Seattle frames of " + seattle.hosts() + " hosts");
      for (int host : mapping.seattleHosts()) {
        if (host < 1 || host > seattle.hosts()) {
          throw new IllegalArgumentException("replay.seattle.hosts has host " + host + ": give hosts from 1 to "
              + seattle.hosts());
        }
      }
    }

    List<PingLog> access = List.of();
    List<PingLog> cloud = List.of();
    if (mapping.datasets().contains(ReplayMapping.PING)) {
      Path folder = tracesDir.resolve(ReplayMapping.PING);
      access = mapping.accessLegFiles().stream().map(name -> readPing(folder, name)).toList();
      cloud = mapping.cloudLegFiles().stream().map(name -> readPing(folder, name)).toList();
      parts.add(access.size() + " access-leg and " + cloud.size() + " cloud-leg ping logs");
    }

    PlanetLabTraces planetLab = null;
    if (mapping.datasets().contains(ReplayMapping.PLANETLAB)) {
      planetLab = PlanetLabTraces.read(tracesDir.resolve(ReplayMapping.PLANETLAB).resolve("planetlab-cpu-2011.tar.gz"),
          mapping.planetLabDay());
      parts.add(planetLab.vms().size() + " PlanetLab VMs of " + mapping.planetLabDay());
    }

    String description = "replay of " + String.join(", ", parts) + " from " + tracesDir;
    log.info("Loaded {}", description);
    return new TraceReplay(mapping, seattle, access, cloud, planetLab, description);
  }

  private static PingLog readPing(Path folder, String name) {
    Path file = folder.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Ping log " + file + " does not exist: check replay.ping.access.files and"
          + " replay.ping.cloud.files against the files of " + folder);
    }
    PingLog ping = PingLog.read(file);
    log.info("Read ping log {}: {} probes, {} lines that are not replies skipped", file, ping.length(), ping.skippedLines());
    return ping;
  }

  /** Returns what was loaded, for logs. */
  public String description() {
    return description;
  }

  public ReplayMapping mapping() {
    return mapping;
  }

  /** Returns node {@code nodeIndex}'s CPU share (0 to 1) at {@code elapsedMs}, when PlanetLab is replayed. */
  public OptionalDouble cpuShare(int nodeIndex, long elapsedMs) {
    if (planetLab == null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(planetLab.share(nodeIndex, elapsedMs / mapping.planetLabSampleMs()));
  }

  /** Returns the burst over edge node {@code edgeIndex}'s radio-access leg ending at {@code elapsedMs}, or null. */
  public LinkSample accessLeg(int edgeIndex, long elapsedMs, long intervalMs) {
    return pingBurst(accessLeg, edgeIndex, elapsedMs, intervalMs);
  }

  /** Returns the burst over edge node {@code edgeIndex}'s leg to the cloud ending at {@code elapsedMs}, or null. */
  public LinkSample cloudLeg(int edgeIndex, long elapsedMs, long intervalMs) {
    return pingBurst(cloudLeg, edgeIndex, elapsedMs, intervalMs);
  }

  private LinkSample pingBurst(List<PingLog> logs, int edgeIndex, long elapsedMs, long intervalMs) {
    if (logs.isEmpty()) {
      return null;
    }
    PingLog ping = logs.get(edgeIndex % logs.size());
    int count = (int) Math.max(1, intervalMs / mapping.pingSampleMs());
    long end = elapsedMs / mapping.pingSampleMs();
    long offset = (long) edgeIndex / logs.size() * mapping.pingNodeStride();
    return ping.burst(offset + end - count, count);
  }

  /**
   * Returns the burst from edge node {@code fromEdge} to edge node {@code toEdge} ending at
   * {@code elapsedMs}, from the Seattle pair the two map to, or null when Seattle is not replayed or
   * the pair was never measured. The round trip is the frame's value times the scale; the jitter is
   * the scaled change since the previous frame; Seattle records no loss.
   */
  public LinkSample peer(int fromEdge, int toEdge, long elapsedMs, long intervalMs) {
    if (seattle == null) {
      return null;
    }
    int from = host(fromEdge);
    int to = host(toEdge);
    if (from == to) {
      to = (to + 1) % seattle.hosts();
    }
    long frame = elapsedMs / mapping.seattleFrameMs();
    double now = seattle.rttSeconds(from, to, frame);
    if (Double.isNaN(now)) {
      return null;
    }
    double before = seattle.rttSeconds(from, to, frame - 1);
    double scale = 1e6 * mapping.seattleScale();
    double jitter = Double.isNaN(before) ? 0 : Math.abs(now - before) * scale;
    int count = (int) Math.max(1, intervalMs / mapping.pingSampleMs());
    return new LinkSample(count, now * scale, jitter, 0.0);
  }

  private int host(int edgeIndex) {
    List<Integer> hosts = mapping.seattleHosts();
    if (hosts.isEmpty()) {
      return edgeIndex % seattle.hosts();
    }
    return hosts.get(edgeIndex % hosts.size()) - 1;
  }
}
