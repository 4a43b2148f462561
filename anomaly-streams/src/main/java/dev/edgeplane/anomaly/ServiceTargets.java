package dev.edgeplane.anomaly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.FogServiceMetricTarget;
import org.apache.kafka.common.config.ConfigException;

/**
 * Targets of the service-specific metrics that FogServices declare in {@code spec.metrics}, by
 * FogService. The FogService inventory topic carries each spec's targets ({@link #declaredBy});
 * targets in configuration replace those of the FogServices they name, for clusters whose
 * inventory publisher does not run or to try other targets. Immutable and thread-safe.
 */
public final class ServiceTargets {

    // Metric names follow the FogService CRD pattern for spec.metrics[].name.
    private static final Pattern ENTRY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-zA-Z_][a-zA-Z0-9_]*)(<=|>=)(\\S+)");

    /**
     * One target.
     *
     * @param metric metric name as the replicas report it
     * @param lowerIsBetter true when the value should stay at or below the target
     * @param target the value to reach, in the metric's unit
     */
    public record Target(String metric, boolean lowerIsBetter, double target) {

        /** Returns whether {@code value} misses the target. */
        public boolean missedBy(double value) {
            return lowerIsBetter ? value > target : value < target;
        }
    }

    private final Map<String, List<Target>> byFogService;

    private ServiceTargets(Map<String, List<Target>> byFogService) {
        this.byFogService = Map.copyOf(byFogService);
    }

    /** Returns targets for no FogService. */
    public static ServiceTargets none() {
        return new ServiceTargets(Map.of());
    }

    /**
     * Parses entries such as {@code city/camera:detection_latency_ms<=80}.
     *
     * @param key the configuration key, for error messages
     * @throws ConfigException naming the entry and the expected form when an entry is invalid or repeated
     */
    public static ServiceTargets parse(String key, List<String> entries) {
        Map<String, List<Target>> targets = new HashMap<>();
        for (String entry : entries) {
            Matcher matcher = ENTRY.matcher(entry.trim());
            if (!matcher.matches()) {
                throw new ConfigException(key, entry, "Invalid service metric target: expected"
                        + " namespace/fogservice:metric<=value or namespace/fogservice:metric>=value, such as"
                        + " city/camera:detection_latency_ms<=80.");
            }
            double value;
            try {
                value = Double.parseDouble(matcher.group(7));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, entry, "Invalid target value '" + matcher.group(7) + "': expected a number.");
            }
            String fogService = matcher.group(1) + "/" + matcher.group(3);
            Target target = new Target(matcher.group(5), "<=".equals(matcher.group(6)), value);
            List<Target> list = new ArrayList<>(targets.getOrDefault(fogService, List.of()));
            if (list.stream().anyMatch(t -> t.metric().equals(target.metric()))) {
                throw new ConfigException(key, entry, "Repeated target for metric " + target.metric() + " of "
                        + fogService + ": keep one entry per metric.");
            }
            list.add(target);
            targets.put(fogService, List.copyOf(list));
        }
        return new ServiceTargets(targets);
    }

    /** Returns the targets that a FogService's spec declares, as the inventory topic carries them. */
    public static List<Target> declaredBy(FogServiceInventory fogService) {
        List<Target> targets = new ArrayList<>();
        for (FogServiceMetricTarget metric : fogService.getMetrics()) {
            targets.add(new Target(metric.getName(), metric.getLowerIsBetter(), metric.getTarget()));
        }
        return List.copyOf(targets);
    }

    /** Returns the targets of a FogService, empty when none are configured. */
    public List<Target> of(String namespace, String fogService) {
        return byFogService.getOrDefault(namespace + "/" + fogService, List.of());
    }
}
