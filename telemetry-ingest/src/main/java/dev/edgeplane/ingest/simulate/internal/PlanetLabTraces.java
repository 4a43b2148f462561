package dev.edgeplane.ingest.simulate.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The PlanetLab VM CPU traces of one day, read straight from the archive: each VM file contains one
 * utilisation percentage (0 to 100) per 5-minute interval. VMs are ordered busiest first (by mean
 * utilisation, then name), because most PlanetLab slivers idle at a few percent and an edge node
 * driven by one would show no load at all. Immutable after construction.
 */
public final class PlanetLabTraces {

  /** Samples per VM-day: 288 intervals of 5 minutes. */
  public static final int SAMPLES = 288;

  /** One VM's day. */
  public record VmTrace(String name, byte[] percent, double mean) {
  }

  private final List<VmTrace> vms;

  private PlanetLabTraces(List<VmTrace> vms) {
    this.vms = vms;
  }

  /**
   * Reads the VMs of {@code day} (such as {@code 20110303}) from the tar.gz archive. Blocks on file
   * I/O, about a second.
   *
   * @throws IllegalArgumentException naming the archive, entry and line when the day is missing or
   *     a file is malformed
   */
  public static PlanetLabTraces read(Path archive, String day) {
    if (!Files.isRegularFile(archive)) {
      throw new IllegalArgumentException("PlanetLab archive " + archive + " does not exist: point the traces folder"
          + " at the folder that holds planetlab-cpu/");
    }
    String prefix = "planetlab/" + day + "/";
    List<VmTrace> vms = new ArrayList<>();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile() && entry.getName().startsWith(prefix)) {
          String name = entry.getName().substring(prefix.length());
          vms.add(parse(archive, entry.getName(), name, new String(tar.readAllBytes(), StandardCharsets.US_ASCII)));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read PlanetLab archive " + archive + ": " + e.getMessage(), e);
    }
    if (vms.isEmpty()) {
      throw new IllegalArgumentException("PlanetLab archive " + archive + " has no VM of day " + day
          + ": set replay.planetlab.day to one of the days in the archive, such as 20110303");
    }
    vms.sort(Comparator.comparingDouble(VmTrace::mean).reversed().thenComparing(VmTrace::name));
    return new PlanetLabTraces(List.copyOf(vms));
  }

  private static VmTrace parse(Path archive, String entry, String name, String text) {
    String[] lines = text.split("\n");
    if (lines.length != SAMPLES) {
      throw new IllegalArgumentException("PlanetLab trace " + entry + " in " + archive + " has " + lines.length
          + " lines where " + SAMPLES + " (one per 5 minutes) are expected");
    }
    byte[] percent = new byte[SAMPLES];
    long sum = 0;
    for (int k = 0; k < SAMPLES; k++) {
      String value = lines[k].trim();
      int parsed;
      try {
        parsed = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        parsed = -1;
      }
      if (parsed < 0 || parsed > 100) {
        throw new IllegalArgumentException("PlanetLab trace " + entry + " in " + archive + " line " + (k + 1) + " has '"
            + value + "', which is not a CPU percentage from 0 to 100");
      }
      percent[k] = (byte) parsed;
      sum += parsed;
    }
    return new VmTrace(name, percent, sum / (double) SAMPLES);
  }

  public List<VmTrace> vms() {
    return vms;
  }

  /** Returns the CPU share (0 to 1) of VM {@code vm} (wrapping around the VMs) in sample {@code sample} (wrapping around the day). */
  public double share(int vm, long sample) {
    VmTrace trace = vms.get(Math.floorMod(vm, vms.size()));
    return trace.percent()[(int) Math.floorMod(sample, (long) SAMPLES)] / 100.0;
  }
}
