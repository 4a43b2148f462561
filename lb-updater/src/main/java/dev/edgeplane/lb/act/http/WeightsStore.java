package dev.edgeplane.lb.act.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.ServicePlan;

/**
 * The latest plan of every service, written by the planning thread and read by the weights API's
 * threads. Safe for concurrent use: plans are immutable, and the map publishes them safely.
 */
public final class WeightsStore {

    private final ConcurrentHashMap<ServiceKey, ServicePlan> plans = new ConcurrentHashMap<>();

    /**
     * Stores a plan unless the store already contains a newer generation of the same service, so a
     * late, older plan never replaces a newer one.
     */
    public void put(ServicePlan plan) {
        plans.merge(plan.service(), plan,
                (stored, offered) -> offered.generation() >= stored.generation() ? offered : stored);
    }

    /** Forgets a service that no longer exists. */
    public void remove(ServiceKey service) {
        plans.remove(service);
    }

    public Optional<ServicePlan> get(ServiceKey service) {
        return Optional.ofNullable(plans.get(service));
    }

    /** Returns every stored plan, ordered by namespace and name. */
    public List<ServicePlan> all() {
        List<ServicePlan> all = new ArrayList<>(plans.values());
        all.sort(Comparator.comparing((ServicePlan plan) -> plan.service().namespace())
                .thenComparing(plan -> plan.service().name()));
        return all;
    }
}
