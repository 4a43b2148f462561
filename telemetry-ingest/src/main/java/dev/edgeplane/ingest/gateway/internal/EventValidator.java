package dev.edgeplane.ingest.gateway.internal;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig.SkewPolicy;
import dev.edgeplane.ingest.gateway.KubernetesNames;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks the ranges of an event that matched its schema and applies the event-time skew policy.
 *
 * <p>Rules: names are Kubernetes object names (lowercase DNS subdomains of at most 253
 * characters); counts, sizes, rates and latencies are not negative; a node's CPU in use and
 * real-time bandwidth are at most its cores times (1 + {@code ingest.cpu.tolerance.ratio}); memory
 * in use is at most the capacity; ratios lie in [0, 1]; percentiles are ordered p50 ≤ p95 ≤ p99.
 * An event time more than {@code ingest.skew.future.max.ms} ahead of the receive time or more than
 * {@code ingest.skew.past.max.ms} behind it is clamped to the receive time or rejected. Stateless
 * apart from its settings, so thread-safe.
 */
public final class EventValidator {


    private final SkewPolicy skewPolicy;
    private final long futureMaxMs;
    private final long pastMaxMs;
    private final double cpuTolerance;

    public EventValidator(IngestGatewayConfig config) {
        this.skewPolicy = config.skewPolicy();
        this.futureMaxMs = config.skewFutureMaxMs();
        this.pastMaxMs = config.skewPastMaxMs();
        this.cpuTolerance = config.cpuToleranceRatio();
    }

    /**
     * Outcome of the checks.
     *
     * @param rejection the first rule broken, or null when the event passed
     * @param originalEventTimeMs the event time before clamping, or null when it was not clamped
     */
    public record Verdict(Rejection rejection, Long originalEventTimeMs) {
    }

    /** Checks {@code candidate}; clamps its event time in place when the policy says so. */
    public Verdict validate(Candidate candidate, long receiveTimeMs) {
        Checks checks = new Checks(candidate);
        SpecificRecord record = candidate.record();
        if (record instanceof NodeMetrics node) {
            checkNode(checks, node);
        } else if (record instanceof LinkLatency link) {
            checkLink(checks, link);
        } else if (record instanceof ReplicaMetrics replica) {
            checkReplica(checks, replica);
        }
        if (checks.rejection != null) {
            return new Verdict(checks.rejection, null);
        }
        return checkEventTime(candidate, receiveTimeMs);
    }

    private void checkNode(Checks checks, NodeMetrics node) {
        checks.name("node", node.getNode());
        checks.positive("cpuCapacityCores", node.getCpuCapacityCores());
        double cpuLimit = node.getCpuCapacityCores() * (1 + cpuTolerance);
        checks.between("cpuUsedCores", node.getCpuUsedCores(), 0, cpuLimit, () -> "the node's cpuCapacityCores "
                + node.getCpuCapacityCores() + " plus the tolerance " + cpuTolerance);
        checks.positive("memoryCapacityBytes", node.getMemoryCapacityBytes());
        checks.between("memoryUsedBytes", node.getMemoryUsedBytes(), 0, node.getMemoryCapacityBytes(),
                () -> "the node's memoryCapacityBytes " + node.getMemoryCapacityBytes());
        checks.between("rtBandwidthUsedCpus", node.getRtBandwidthUsedCpus(), 0, cpuLimit,
                () -> "the node's cpuCapacityCores " + node.getCpuCapacityCores() + " plus the tolerance " + cpuTolerance);
        if (node.getRtBandwidthLimitCpus() != null) {
            checks.between("rtBandwidthLimitCpus", node.getRtBandwidthLimitCpus(), 0, node.getCpuCapacityCores(),
                    () -> "the node's cpuCapacityCores " + node.getCpuCapacityCores());
        }
        checks.notNegative("podCount", node.getPodCount());
    }

    private static void checkLink(Checks checks, LinkLatency link) {
        checks.name("sourceNode", link.getSourceNode());
        checks.name("targetNode", link.getTargetNode());
        if (checks.rejection == null && link.getSourceNode().equals(link.getTargetNode())) {
            checks.reject("targetNode", link.getTargetNode(), "targetNode is the sourceNode " + link.getSourceNode()
                    + "; a link joins two different nodes, so send the probed peer's name.");
        }
        checks.positive("probeCount", link.getProbeCount());
        if (link.getRttMicros() != null) {
            checks.notNegative("rttMicros", link.getRttMicros());
        } else if (checks.rejection == null && link.getLossRatio() < 1.0) {
            checks.reject("rttMicros", null, "rttMicros is null, which means no probe was answered, but lossRatio is "
                    + link.getLossRatio() + "; send the mean round-trip time or a lossRatio of 1.0.");
        }
        if (link.getJitterMicros() != null) {
            checks.notNegative("jitterMicros", link.getJitterMicros());
        }
        checks.between("lossRatio", link.getLossRatio(), 0, 1, () -> "1.0");
    }

    private static void checkReplica(Checks checks, ReplicaMetrics replica) {
        checks.name("namespace", replica.getNamespace());
        checks.name("pod", replica.getPod());
        checks.name("fogService", replica.getFogService());
        checks.name("node", replica.getNode());
        checks.positive("intervalMs", replica.getIntervalMs());
        Double p50 = replica.getLatencyP50Ms();
        Double p95 = replica.getLatencyP95Ms();
        Double p99 = replica.getLatencyP99Ms();
        if (p50 != null) {
            checks.notNegative("latencyP50Ms", p50);
        }
        if (p95 != null) {
            checks.notBelowPercentile("latencyP95Ms", p95, "latencyP50Ms", p50);
        }
        if (p99 != null) {
            checks.notBelowPercentile("latencyP99Ms", p99, p95 != null ? "latencyP95Ms" : "latencyP50Ms",
                    p95 != null ? p95 : p50);
        }
        checks.notNegative("requestRate", replica.getRequestRate());
        checks.notNegative("errorRate", replica.getErrorRate());
        // Failed requests are among the completed ones, so the error ratio errorRate / requestRate is at most 1.
        checks.between("errorRate", replica.getErrorRate(), 0, replica.getRequestRate(),
                () -> "the requestRate " + replica.getRequestRate() + ", since failed requests are counted in it");
        checks.notNegative("inFlight", replica.getInFlight());
        for (Map.Entry<String, Double> metric : replica.getServiceMetrics().entrySet()) {
            if (metric.getKey().chars().anyMatch(Character::isISOControl)) {
                checks.reject("serviceMetrics", metric.getKey(), "A service metric name must not contain control"
                        + " characters; use a Prometheus-style name such as queue_depth.");
            }
            if (metric.getValue() == null || !Double.isFinite(metric.getValue())) {
                checks.reject("serviceMetrics." + metric.getKey(), String.valueOf(metric.getValue()),
                        "A service metric must be a finite number.");
            }
        }
    }

    private Verdict checkEventTime(Candidate candidate, long receiveTimeMs) {
        SpecificRecord record = candidate.record();
        int position = candidate.type().eventTimePosition();
        long eventTimeMs = ((Instant) record.get(position)).toEpochMilli();
        long aheadMs = eventTimeMs - receiveTimeMs;
        if (aheadMs <= futureMaxMs && -aheadMs <= pastMaxMs) {
            return new Verdict(null, null);
        }
        if (skewPolicy == SkewPolicy.CLAMP) {
            record.put(position, Instant.ofEpochMilli(receiveTimeMs));
            return new Verdict(null, eventTimeMs);
        }
        String limit = aheadMs > 0 ? aheadMs + " ms ahead of the receive time, more than "
                + IngestGatewayConfig.SKEW_FUTURE_MAX_MS + " = " + futureMaxMs
                : -aheadMs + " ms behind the receive time, more than " + IngestGatewayConfig.SKEW_PAST_MAX_MS + " = " + pastMaxMs;
        return new Verdict(new Rejection(candidate.index(), candidate.id(), "eventTime", Long.toString(eventTimeMs),
                RejectCode.EVENT_TIME_SKEW, "eventTime is " + limit + "; check the sender's clock."), null);
    }

    /** Collects the first broken rule of one event. */
    private static final class Checks {
        private final Candidate candidate;
        private Rejection rejection;

        Checks(Candidate candidate) {
            this.candidate = candidate;
        }

        void reject(String field, String value, String reason) {
            if (rejection == null) {
                rejection = new Rejection(candidate.index(), candidate.id(), field, value, RejectCode.OUT_OF_RANGE, reason);
            }
        }

        void name(String field, String value) {
            if (!KubernetesNames.isValid(value)) {
                reject(field, value, field + " must be a Kubernetes object name: lowercase letters, digits, '-' and"
                        + " '.', starting and ending with a letter or digit, at most " + KubernetesNames.MAX_CHARS + " characters.");
            }
        }

        void positive(String field, double value) {
            if (!(value > 0)) {
                reject(field, Double.toString(value), field + " must be greater than 0.");
            }
        }

        // The whole-number overloads keep the value as sent: 8589934593, not 8.589934593E9.
        void positive(String field, long value) {
            if (value <= 0) {
                reject(field, Long.toString(value), field + " must be greater than 0.");
            }
        }

        void notNegative(String field, double value) {
            if (!(value >= 0)) {
                reject(field, Double.toString(value), field + " must not be negative.");
            }
        }

        void notNegative(String field, long value) {
            if (value < 0) {
                reject(field, Long.toString(value), field + " must not be negative.");
            }
        }

        void between(String field, long value, long min, long max, Supplier<String> maxName) {
            if (value < min) {
                reject(field, Long.toString(value), field + " must be at least " + min + ".");
            } else if (value > max) {
                reject(field, Long.toString(value), field + " must be at most " + maxName.get() + ".");
            }
        }

        /** Checks that a percentile is not below the lower one, {@code lowerField}, or 0 when that is null. */
        void notBelowPercentile(String field, double value, String lowerField, Double lower) {
            if (lower == null) {
                notNegative(field, value);
            } else if (!(value >= lower)) {
                reject(field, Double.toString(value), field + " must be at least " + lowerField + " " + lower
                        + ", since a higher percentile is never below a lower one.");
            }
        }

        /** Checks min ≤ value ≤ max; {@code maxName} describes the maximum and is built only for a rejection. */
        void between(String field, double value, double min, double max, Supplier<String> maxName) {
            if (!(value >= min)) {
                reject(field, Double.toString(value), field + " must be at least " + min + ".");
            } else if (value > max) {
                reject(field, Double.toString(value), field + " must be at most " + maxName.get() + ".");
            }
        }
    }
}
