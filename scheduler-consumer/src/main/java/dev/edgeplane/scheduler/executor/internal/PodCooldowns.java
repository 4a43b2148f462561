package dev.edgeplane.scheduler.executor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cooldowns of replacement pods, with a wait that grows with the number of moves.
 *
 * <p>Model: each move replaces a pod by a new one, so the history passes from the evicted pod's uid
 * to its replacement's uid. A replacement made by move number {@code n} (counted since the last
 * pause of at least the reset time) waits {@code min(base × 2^(n−1+p), max)}, where {@code p} is 1
 * when the move did not improve the placement and 0 otherwise. Owned by the executor thread; not
 * thread-safe.
 */
final class PodCooldowns {

  /**
   * The move history of one pod.
   *
   * @param moves moves since the history was last reset, this pod's creation included
   * @param lastMove when the last move finished
   * @param until end of the cooldown
   */
  record Entry(int moves, Instant lastMove, Instant until) {
  }

  private final Duration base;
  private final Duration max;
  private final Duration reset;
  private final Map<String, Entry> byPodUid = new HashMap<>();

  PodCooldowns(Duration base, Duration max, Duration reset) {
    this.base = base;
    this.max = max;
    this.reset = reset;
  }

  /** Returns the end of the pod's cooldown if it lasts beyond {@code now}. */
  Optional<Instant> cooldownUntil(String podUid, Instant now) {
    Entry entry = byPodUid.get(podUid);
    return entry == null || !entry.until.isAfter(now) ? Optional.empty() : Optional.of(entry.until);
  }

  /** Returns the moves that led to this pod, 0 when none or when the last one is older than the reset time. */
  int movesOf(String podUid, Instant now) {
    Entry entry = byPodUid.get(podUid);
    if (entry == null || !entry.lastMove.plus(reset).isAfter(now)) {
      return 0;
    }
    return entry.moves;
  }

  /** Records a finished move from one pod to its replacement and returns the replacement's entry. */
  Entry recordMove(String evictedUid, String replacementUid, boolean improved, Instant now) {
    int moves = movesOf(evictedUid, now) + 1;
    Entry entry = new Entry(moves, now, now.plus(waitFor(moves, improved)));
    byPodUid.remove(evictedUid);
    byPodUid.put(replacementUid, entry);
    return entry;
  }

  /** Puts back an entry read from the audit topic; keeps a later entry that is already there. */
  void restore(String podUid, Entry entry) {
    byPodUid.merge(podUid, entry, (old, restored) -> restored.lastMove.isAfter(old.lastMove) ? restored : old);
  }

  /** Drops the entries whose cooldown and history both ended, so the map does not grow without bound. */
  void prune(Instant now) {
    byPodUid.values().removeIf(e -> !e.until.isAfter(now) && !e.lastMove.plus(reset).isAfter(now));
  }

  Duration waitFor(int moves, boolean improved) {
    int doublings = Math.min(moves - 1 + (improved ? 0 : 1), 62);
    long baseMillis = base.toMillis();
    long maxMillis = max.toMillis();
    if (baseMillis == 0) {
      return Duration.ZERO;
    }
    // Past this many doublings the product exceeds any max below Long.MAX_VALUE.
    if (doublings >= Long.numberOfLeadingZeros(baseMillis) - 1) {
      return max;
    }
    return Duration.ofMillis(Math.min(baseMillis << doublings, maxMillis));
  }
}
