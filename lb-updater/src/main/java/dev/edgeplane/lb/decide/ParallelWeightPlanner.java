package dev.edgeplane.lb.decide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plans many services on several threads with one {@link WeightPlanner} per thread. Each service
 * belongs to one planner, chosen by the hash of its {@link ServiceKey}, so its state (latency
 * estimates, ejections, last weights) stays with the planner that made its previous plan. A
 * planning cycle gives each planner its services; the calling thread plans the first planner's
 * share itself and the pool's {@code threads - 1} threads plan the rest. With one thread, no pool
 * is started and every plan runs on the calling thread.
 *
 * <p>Not thread-safe: one thread (the owner) makes every call. The pool threads touch a planner
 * only inside {@link #planAll}, which waits for them before it returns, so each planner is used by
 * one thread at a time and reads the state its previous cycle wrote. Plans are immutable and may be
 * handed to other threads. {@link #close} stops the pool; the owner calls it.
 */
public final class ParallelWeightPlanner implements AutoCloseable {

    private final WeightPlannerConfig config;
    private final WeightPlanner[] planners;
    private final ExecutorService pool;

    /**
     * Creates the planners and, for more than one thread, a pool of {@code threads - 1} daemon
     * threads named {@code threadName-1}, {@code threadName-2} and so on.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public ParallelWeightPlanner(WeightPlannerConfig config, int threads, String threadName) {
        this.config = Objects.requireNonNull(config, "config");
        if (threads < 1) {
            throw new IllegalArgumentException("Invalid planning thread count " + threads + ": it must be at least 1");
        }
        planners = new WeightPlanner[threads];
        for (int p = 0; p < threads; p++) {
            planners[p] = new WeightPlanner(config);
        }
        pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemonThreads(threadName));
    }

    public WeightPlannerConfig config() {
        return config;
    }

    /** Returns the number of threads a cycle plans on, the calling thread included. */
    public int threads() {
        return planners.length;
    }

    /**
     * Plans every service, as {@link WeightPlanner#plan} does, and blocks until all plans are done.
     * If the thread is interrupted, the call still waits for the pool's plans, so that no planner
     * is left in use, and returns with the interrupt flag set.
     *
     * @return the plans in the order of {@code inputs}
     * @throws RuntimeException the first failure of a plan, after every thread has finished
     */
    public List<ServicePlan> planAll(List<ServiceInput> inputs, LinkLatencyTable links, long nowMs) {
        ServicePlan[] plans = new ServicePlan[inputs.size()];
        if (pool == null) {
            for (int i = 0; i < plans.length; i++) {
                plans[i] = planners[0].plan(inputs.get(i), links, nowMs);
            }
            return Arrays.asList(plans);
        }

        int[][] shards = shardIndexes(inputs);
        List<Future<?>> running = new ArrayList<>(planners.length - 1);
        for (int p = 1; p < planners.length; p++) {
            int shard = p;
            running.add(pool.submit(() -> planShard(planners[shard], shards[shard], inputs, links, nowMs, plans)));
        }
        RuntimeException failure = null;
        try {
            planShard(planners[0], shards[0], inputs, links, nowMs, plans);
        } catch (RuntimeException e) {
            failure = e;
        }
        failure = awaitAll(running, failure);
        if (failure != null) {
            throw failure;
        }
        return Arrays.asList(plans);
    }

    /**
     * Restores a service's last published weights in the planner that owns it and returns them as
     * a plan, as {@link WeightPlanner#restore} does.
     */
    public ServicePlan restore(RestoredWeights restored) {
        return plannerOf(restored.service()).restore(restored);
    }

    /** Forgets a service that no longer exists, as {@link WeightPlanner#forget} does. */
    public void forget(ServiceKey service) {
        plannerOf(service).forget(service);
    }

    /** Returns the number of services the planners keep state for. */
    public int serviceCount() {
        int count = 0;
        for (WeightPlanner planner : planners) {
            count += planner.serviceCount();
        }
        return count;
    }

    /** Stops the pool's threads; does not wait for them, since no plan runs between cycles. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private WeightPlanner plannerOf(ServiceKey service) {
        return planners[shardOf(service)];
    }

    private int shardOf(ServiceKey service) {
        // Mixing spreads hash codes that differ only in their high bits over the planners.
        int mixed = service.hashCode() * 0x9E3779B9;
        return Integer.remainderUnsigned(mixed ^ (mixed >>> 16), planners.length);
    }

    /** Returns, per planner, the indexes of the inputs it owns, in input order. */
    private int[][] shardIndexes(List<ServiceInput> inputs) {
        int[] shardOfInput = new int[inputs.size()];
        int[] sizes = new int[planners.length];
        for (int i = 0; i < shardOfInput.length; i++) {
            shardOfInput[i] = shardOf(inputs.get(i).service());
            sizes[shardOfInput[i]]++;
        }
        int[][] shards = new int[planners.length][];
        for (int p = 0; p < planners.length; p++) {
            shards[p] = new int[sizes[p]];
        }
        int[] filled = new int[planners.length];
        for (int i = 0; i < shardOfInput.length; i++) {
            int p = shardOfInput[i];
            shards[p][filled[p]++] = i;
        }
        return shards;
    }

    private static void planShard(WeightPlanner planner, int[] indexes, List<ServiceInput> inputs,
            LinkLatencyTable links, long nowMs, ServicePlan[] plans) {
        for (int i : indexes) {
            plans[i] = planner.plan(inputs.get(i), links, nowMs);
        }
    }

    /** Waits for every future, keeping the first failure and the interrupt flag. */
    private static RuntimeException awaitAll(List<Future<?>> running, RuntimeException failure) {
        boolean interrupted = false;
        RuntimeException first = failure;
        for (Future<?> future : running) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException cause
                                ? cause
                                : new IllegalStateException("Planning failed on a pool thread", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return first;
    }

    private static ThreadFactory daemonThreads(String threadName) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, threadName + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
