package dev.edgeplane.ingest.simulate.internal;

/**
 * Deterministic pseudo-random numbers addressed by (seed, stream, entity, tick) instead of drawn in
 * sequence: a value depends only on its address, so the simulator gives the same events whatever
 * order it visits nodes in, and never has to keep a generator per node. The mixing function is
 * the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), which passes BigCrush on a counter.
 */
public final class Noise {

  private final long seed;

  public Noise(long seed) {
    this.seed = seed;
  }

  /** Returns a uniform double in [0, 1) for the address. */
  public double uniform(int stream, long entity, long tick) {
    long h = mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L + entity) ^ (tick * 0xC2B2AE3D27D4EB4FL));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Returns a standard normal value for the address, by the Box-Muller transform of two uniforms. */
  public double gaussian(int stream, long entity, long tick) {
    double u1 = Math.max(uniform(stream, entity, tick), 1e-300);
    double u2 = uniform(stream + 1_000_003, entity, tick);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
