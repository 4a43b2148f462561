package dev.edgeplane.scheduler.schedule;

import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.node;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random clusters and pod streams: whatever the order of decisions, bindings that fail and pods
 * that go away, no node is ever counted beyond its CPU, memory, pod slots or real-time bandwidth,
 * and a pod is reported unschedulable only when no node of its location could take it. jqwik
 * prints the seed of every run and of a failing sample.
 */
class NoOverCommitPropertyTest {

  private static final int LOCATIONS = 3;

  /** A node: CPU in millicores, memory in MiB, pod slots, real-time capability, location index. */
  record NodeDraw(int cpuMillis, int memoryMiB, int pods, boolean realtime, int location) {
  }

  /**
   * A pod: CPU in millicores, memory in MiB, real-time runtime per 1 s period in microseconds (0
   * for none), location index, and what happens after it is placed: 0 stays, 1 binding fails, 2
   * deleted.
   */
  record PodDraw(int cpuMillis, int memoryMiB, int rtRuntimeMicros, int location, int fate) {
  }

  @Provide
  Arbitrary<List<NodeDraw>> clusters() {
    return Combinators.combine(Arbitraries.integers().between(500, 8_000), Arbitraries.integers().between(512, 16_384),
        Arbitraries.integers().between(1, 20), Arbitraries.of(true, false), Arbitraries.integers().between(0, LOCATIONS - 1))
        .as(NodeDraw::new).list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<PodDraw>> podStreams() {
    Arbitrary<Integer> rt = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1_000, 900_000));
    return Combinators.combine(Arbitraries.integers().between(10, 2_000), Arbitraries.integers().between(16, 4_096), rt,
        Arbitraries.integers().between(0, LOCATIONS - 1), Arbitraries.integers().between(0, 2))
        .as(PodDraw::new).list().ofMinSize(1).ofMaxSize(150);
  }

  @Property(tries = 150)
  void concurrentDecisionsNeverOverCommit(@ForAll("clusters") List<NodeDraw> nodes,
      @ForAll("podStreams") List<PodDraw> pods) throws Exception {
    SchedulingFramework framework = cluster(nodes);
    Map<String, String> placed = new ConcurrentHashMap<>();
    Map<String, PodDraw> draws = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          start.await();
          for (int i = thread; i < pods.size(); i += 2) {
            PodDraw draw = pods.get(i);
            Pod pod = build("p-" + i, draw);
            draws.put(pod.getMetadata().getUid(), draw);
            Prediction prediction = framework.scheduleAndAssume(pod);
            if (prediction.node().isEmpty()) {
              continue;
            }
            placed.put(pod.getMetadata().getUid(), prediction.node().get());
            if (draw.fate() == 1) {
              placed.remove(pod.getMetadata().getUid());
              framework.forget(pod);
            } else if (draw.fate() == 2) {
              placed.remove(pod.getMetadata().getUid());
              framework.onPodDeleted(pod);
            } else {
              framework.confirm(pod);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }

    for (int n = 0; n < nodes.size(); n++) {
      String name = "node-" + n;
      long[] usage = framework.state().usage(name);
      long[] expected = expectedUsage(name, placed, draws);
      assertThat(usage[0]).as("cpu of %s", name).isEqualTo(expected[0]).isLessThanOrEqualTo(usage[1]);
      assertThat(usage[2]).as("memory of %s", name).isEqualTo(expected[1]).isLessThanOrEqualTo(usage[3]);
      assertThat(usage[4]).as("pods of %s", name).isEqualTo(expected[2]).isLessThanOrEqualTo(usage[5]);
      assertThat(usage[6]).as("real-time bandwidth of %s", name).isEqualTo(expected[3]).isLessThanOrEqualTo(usage[7]);
    }
  }

  @Property(tries = 150)
  void unschedulableOnlyWhenNoNodeFits(@ForAll("clusters") List<NodeDraw> nodes,
      @ForAll("podStreams") List<PodDraw> pods) {
    SchedulingFramework framework = cluster(nodes);
    Map<String, long[]> free = new HashMap<>();
    for (int n = 0; n < nodes.size(); n++) {
      NodeDraw node = nodes.get(n);
      free.put("node-" + n, new long[] {node.cpuMillis(), node.memoryMiB() * (1L << 20), node.pods(),
          node.realtime() ? node.cpuMillis() * 1000L * 950_000L / 1_000_000L : 0});
    }

    for (int i = 0; i < pods.size(); i++) {
      PodDraw draw = pods.get(i);
      Prediction prediction = framework.scheduleAndAssume(build("p-" + i, draw));
      long[] need = {draw.cpuMillis(), draw.memoryMiB() * (1L << 20), 1, draw.rtRuntimeMicros()};
      if (prediction.node().isPresent()) {
        long[] left = free.get(prediction.node().get());
        for (int r = 0; r < 4; r++) {
          left[r] -= need[r];
        }
        continue;
      }
      for (int n = 0; n < nodes.size(); n++) {
        long[] left = free.get("node-" + n);
        boolean fits = nodes.get(n).location() == draw.location() && left[0] >= need[0] && left[1] >= need[1]
            && left[2] >= 1 && (draw.rtRuntimeMicros() == 0 || nodes.get(n).realtime() && left[3] >= need[3]);
        assertThat(fits).as("pod %d reported unschedulable (%s) but node-%d fits it", i, prediction.message(), n)
            .isFalse();
      }
    }
  }

  private static SchedulingFramework cluster(List<NodeDraw> nodes) {
    SchedulingFramework framework = new SchedulingFramework(SchedulerConfig.defaults(), new SimpleMeterRegistry(),
        Clock.systemUTC());
    for (int n = 0; n < nodes.size(); n++) {
      NodeDraw draw = nodes.get(n);
      SchedulingFixtures.NodeSpec spec = node("node-" + n, "loc-" + draw.location()).cpu(draw.cpuMillis() + "m")
          .memory(draw.memoryMiB() + "Mi").pods(draw.pods());
      framework.onNode((draw.realtime() ? spec.realtime() : spec).build());
    }
    return framework;
  }

  private static Pod build(String name, PodDraw draw) {
    SchedulingFixtures.PodSpec spec = pod(name, "svc-" + (draw.cpuMillis() % 5), "loc-" + draw.location())
        .cpu(draw.cpuMillis() + "m").memory(draw.memoryMiB() + "Mi");
    return (draw.rtRuntimeMicros() > 0 ? spec.realtime(draw.rtRuntimeMicros(), 1_000_000) : spec).build();
  }

  /** Sums what the test itself recorded as placed on the node: cpu, memory bytes, pods, real-time ppm. */
  private static long[] expectedUsage(String node, Map<String, String> placed, Map<String, PodDraw> draws) {
    long[] sum = new long[4];
    placed.forEach((uid, on) -> {
      if (on.equals(node)) {
        PodDraw draw = draws.get(uid);
        sum[0] += draw.cpuMillis();
        sum[1] += draw.memoryMiB() * (1L << 20);
        sum[2] += 1;
        sum[3] += draw.rtRuntimeMicros();
      }
    });
    return sum;
  }
}
