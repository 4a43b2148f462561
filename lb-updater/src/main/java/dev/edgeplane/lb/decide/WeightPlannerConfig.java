package dev.edgeplane.lb.decide;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the {@link WeightPlanner}, resolved once and immutable. {@link WeightPlanner}
 * states the model these settings tune.
 */
public final class WeightPlannerConfig {

    public static final String WEIGHT_FLOOR = "lb.weight.floor";
    private static final String WEIGHT_FLOOR_DOC = "Minimum share of requests, from 0 to 0.5, that every "
            + "ready endpoint that is not ejected receives, so that slow replicas are still probed and their "
            + "recovery is observed. Every request a slow endpoint receives lands in the latency tail, so the "
            + "default, 0.002, keeps one slow endpoint at a fifth of the 1% that a p99 allows. When a service has "
            + "more endpoints than the floor allows (count x floor > 1), the floor becomes 1/count.";

    public static final String MAX_CHANGE_PER_UPDATE = "lb.max.change.per.update";
    private static final String MAX_CHANGE_PER_UPDATE_DOC = "Largest change of one endpoint's share between two "
            + "consecutive updates, from 0 (exclusive) to 1, as an absolute difference of shares. Ejection, "
            + "readiness changes and endpoints that leave move shares faster, because their share must go at once.";

    public static final String COST_EXPONENT = "lb.cost.exponent";
    private static final String COST_EXPONENT_DOC = "Exponent k in weight = 1 / cost^k, from 0.5 to 8. Higher values "
            + "send more of the traffic to the cheapest endpoints.";

    public static final String LATENCY_TAIL_WEIGHT = "lb.latency.tail.weight";
    private static final String LATENCY_TAIL_WEIGHT_DOC = "Weight of the p99 against the p50 response time in an "
            + "endpoint's latency sample, from 0 (p50 only) to 1 (p99 only).";

    public static final String LATENCY_DECAY_MS = "lb.latency.decay.ms";
    private static final String LATENCY_DECAY_MS_DOC = "Time constant in milliseconds with which an endpoint's "
            + "latency estimate decays towards lower samples. Higher samples replace the estimate at once (peak EWMA).";

    public static final String LATENCY_MIN_MS = "lb.latency.min.ms";
    private static final String LATENCY_MIN_MS_DOC = "Smallest effective latency in milliseconds. Differences below it "
            + "are treated as measurement noise, and it keeps the cost of a local, idle endpoint above zero.";

    public static final String ERROR_PENALTY = "lb.error.penalty";
    private static final String ERROR_PENALTY_DOC = "Factor applied to the error rate in the cost of an endpoint that "
            + "is not ejected: the cost is multiplied by (1 + penalty x error rate). Applied only to observations "
            + "with at least lb.observation.min.samples requests.";

    public static final String OBSERVATION_MAX_AGE_MS = "lb.observation.max.age.ms";
    private static final String OBSERVATION_MAX_AGE_MS_DOC = "Age in milliseconds after which a replica observation "
            + "is stale: its latency, error rate and in-flight requests are no longer used, and the endpoint counts "
            + "as unobserved.";

    public static final String OBSERVATION_MIN_SAMPLES = "lb.observation.min.samples";
    private static final String OBSERVATION_MIN_SAMPLES_DOC = "Fewest completed requests an observation needs before "
            + "its error rate can eject an endpoint, end a back-off, or add an error penalty. A first latency ejection "
            + "needs this many completed requests plus mean requests in flight, so that a replica that stalls is "
            + "ejected before its slow responses complete.";

    public static final String LINK_RTT_MAX_AGE_MS = "lb.link.rtt.max.age.ms";
    private static final String LINK_RTT_MAX_AGE_MS_DOC = "Age in milliseconds after which a link round-trip time is "
            + "stale and the link counts as unmeasured.";

    public static final String LINK_JITTER_WEIGHT = "lb.link.jitter.weight";
    private static final String LINK_JITTER_WEIGHT_DOC = "Weight of a link's jitter in its effective round-trip time: "
            + "rtt + weight x jitter, from 0 to 10. Links that spike now and then cost more than their mean alone says.";

    public static final String EJECTION_ERROR_RATE = "lb.ejection.error.rate";
    private static final String EJECTION_ERROR_RATE_DOC = "Error rate, from 0 (exclusive) to 1, at or above which an "
            + "endpoint is ejected (weight 0) however fast it answers.";

    public static final String EJECTION_LATENCY_FACTOR = "lb.ejection.latency.factor";
    private static final String EJECTION_LATENCY_FACTOR_DOC = "Ratio, 0 or from 2 to 1000, of an endpoint's latency "
            + "sample to the median latency estimate of the service's other eligible endpoints at or above which the "
            + "endpoint is ejected as a latency outlier, with the same back-off as for errors. Weighting by cost "
            + "already sends little to a slow endpoint, but its floor share still lands in the latency tail. "
            + "0 disables latency ejection.";

    public static final String EJECTION_LATENCY_MIN_EXCESS_MS = "lb.ejection.latency.min.excess.ms";
    private static final String EJECTION_LATENCY_MIN_EXCESS_MS_DOC = "Least amount in milliseconds by which a latency "
            + "outlier's sample must also exceed its peers' median, so that services answering in about a millisecond "
            + "do not eject endpoints over differences of a few milliseconds.";

    public static final String EJECTION_RECOVERY_ERROR_RATE = "lb.ejection.recovery.error.rate";
    private static final String EJECTION_RECOVERY_ERROR_RATE_DOC = "Error rate, from 0 to 1, at or below which an "
            + "observation counts as success: it shortens the back-off of an endpoint that was ejected before. "
            + "Must be below lb.ejection.error.rate.";

    public static final String EJECTION_BACKOFF_INITIAL_MS = "lb.ejection.backoff.initial.ms";
    private static final String EJECTION_BACKOFF_INITIAL_MS_DOC = "Time in milliseconds that a first ejection lasts.";

    public static final String EJECTION_BACKOFF_MAX_MS = "lb.ejection.backoff.max.ms";
    private static final String EJECTION_BACKOFF_MAX_MS_DOC = "Longest time in milliseconds that one ejection lasts.";

    public static final String EJECTION_BACKOFF_MULTIPLIER = "lb.ejection.backoff.multiplier";
    private static final String EJECTION_BACKOFF_MULTIPLIER_DOC = "Factor, from 1 to 100, by which the back-off grows "
            + "at each ejection that follows a readmission without observed success, and by which it shrinks at "
            + "each observed success. 1 keeps the back-off constant.";

    public static final String EJECTION_MAX_FRACTION = "lb.ejection.max.fraction";
    private static final String EJECTION_MAX_FRACTION_DOC = "Largest fraction, from 0 to 1, of a service's ready "
            + "endpoints that may be ejected at once. Endpoints beyond it stay in with an error penalty.";

    public static final String RAMP_DURATION_MS = "lb.ramp.duration.ms";
    private static final String RAMP_DURATION_MS_DOC = "Time in milliseconds over which an endpoint that joins a "
            + "service, becomes ready again or is readmitted after ejection ramps from the floor to its full share. "
            + "0 disables the ramp.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(WEIGHT_FLOOR, Type.DOUBLE, 0.002, Range.between(0.0, 0.5), Importance.HIGH, WEIGHT_FLOOR_DOC)
            .define(MAX_CHANGE_PER_UPDATE, Type.DOUBLE, 0.1, Range.between(1e-6, 1.0), Importance.HIGH,
                    MAX_CHANGE_PER_UPDATE_DOC)
            .define(COST_EXPONENT, Type.DOUBLE, 2.0, Range.between(0.5, 8.0), Importance.MEDIUM, COST_EXPONENT_DOC)
            .define(LATENCY_TAIL_WEIGHT, Type.DOUBLE, 0.5, Range.between(0.0, 1.0), Importance.MEDIUM,
                    LATENCY_TAIL_WEIGHT_DOC)
            .define(LATENCY_DECAY_MS, Type.LONG, 10_000L, Range.atLeast(1L), Importance.MEDIUM, LATENCY_DECAY_MS_DOC)
            .define(LATENCY_MIN_MS, Type.DOUBLE, 0.1, Range.between(1e-3, 1_000.0), Importance.LOW,
                    LATENCY_MIN_MS_DOC)
            .define(ERROR_PENALTY, Type.DOUBLE, 10.0, Range.between(0.0, 1_000.0), Importance.MEDIUM,
                    ERROR_PENALTY_DOC)
            .define(OBSERVATION_MAX_AGE_MS, Type.LONG, 30_000L, Range.atLeast(1L), Importance.MEDIUM,
                    OBSERVATION_MAX_AGE_MS_DOC)
            .define(OBSERVATION_MIN_SAMPLES, Type.INT, 20, Range.atLeast(1), Importance.MEDIUM,
                    OBSERVATION_MIN_SAMPLES_DOC)
            .define(LINK_RTT_MAX_AGE_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW,
                    LINK_RTT_MAX_AGE_MS_DOC)
            .define(LINK_JITTER_WEIGHT, Type.DOUBLE, 1.0, Range.between(0.0, 10.0), Importance.LOW,
                    LINK_JITTER_WEIGHT_DOC)
            .define(EJECTION_ERROR_RATE, Type.DOUBLE, 0.5, Range.between(1e-6, 1.0), Importance.HIGH,
                    EJECTION_ERROR_RATE_DOC)
            .define(EJECTION_LATENCY_FACTOR, Type.DOUBLE, 10.0, latencyFactorValidator(), Importance.MEDIUM,
                    EJECTION_LATENCY_FACTOR_DOC)
            .define(EJECTION_LATENCY_MIN_EXCESS_MS, Type.DOUBLE, 100.0, Range.between(0.0, 3_600_000.0),
                    Importance.LOW, EJECTION_LATENCY_MIN_EXCESS_MS_DOC)
            .define(EJECTION_RECOVERY_ERROR_RATE, Type.DOUBLE, 0.1, Range.between(0.0, 1.0), Importance.MEDIUM,
                    EJECTION_RECOVERY_ERROR_RATE_DOC)
            .define(EJECTION_BACKOFF_INITIAL_MS, Type.LONG, 10_000L, Range.atLeast(1L), Importance.HIGH,
                    EJECTION_BACKOFF_INITIAL_MS_DOC)
            .define(EJECTION_BACKOFF_MAX_MS, Type.LONG, 300_000L, Range.atLeast(1L), Importance.MEDIUM,
                    EJECTION_BACKOFF_MAX_MS_DOC)
            .define(EJECTION_BACKOFF_MULTIPLIER, Type.DOUBLE, 2.0, Range.between(1.0, 100.0), Importance.MEDIUM,
                    EJECTION_BACKOFF_MULTIPLIER_DOC)
            .define(EJECTION_MAX_FRACTION, Type.DOUBLE, 0.5, Range.between(0.0, 1.0), Importance.MEDIUM,
                    EJECTION_MAX_FRACTION_DOC)
            .define(RAMP_DURATION_MS, Type.LONG, 30_000L, Range.atLeast(0L), Importance.MEDIUM, RAMP_DURATION_MS_DOC);

    private final double weightFloor;
    private final double maxChangePerUpdate;
    private final double costExponent;
    private final double latencyTailWeight;
    private final long latencyDecayMs;
    private final double latencyMinMs;
    private final double errorPenalty;
    private final long observationMaxAgeMs;
    private final int observationMinSamples;
    private final long linkRttMaxAgeMs;
    private final double linkJitterWeight;
    private final double ejectionErrorRate;
    private final double ejectionRecoveryErrorRate;
    private final long ejectionBackoffInitialMs;
    private final long ejectionBackoffMaxMs;
    private final double ejectionBackoffMultiplier;
    private final double ejectionMaxFraction;
    private final double ejectionLatencyFactor;
    private final double ejectionLatencyMinExcessMs;
    private final long rampDurationMs;

    private WeightPlannerConfig(AbstractConfig parsed) {
        weightFloor = parsed.getDouble(WEIGHT_FLOOR);
        maxChangePerUpdate = parsed.getDouble(MAX_CHANGE_PER_UPDATE);
        costExponent = parsed.getDouble(COST_EXPONENT);
        latencyTailWeight = parsed.getDouble(LATENCY_TAIL_WEIGHT);
        latencyDecayMs = parsed.getLong(LATENCY_DECAY_MS);
        latencyMinMs = parsed.getDouble(LATENCY_MIN_MS);
        errorPenalty = parsed.getDouble(ERROR_PENALTY);
        observationMaxAgeMs = parsed.getLong(OBSERVATION_MAX_AGE_MS);
        observationMinSamples = parsed.getInt(OBSERVATION_MIN_SAMPLES);
        linkRttMaxAgeMs = parsed.getLong(LINK_RTT_MAX_AGE_MS);
        linkJitterWeight = parsed.getDouble(LINK_JITTER_WEIGHT);
        ejectionErrorRate = parsed.getDouble(EJECTION_ERROR_RATE);
        ejectionRecoveryErrorRate = parsed.getDouble(EJECTION_RECOVERY_ERROR_RATE);
        ejectionBackoffInitialMs = parsed.getLong(EJECTION_BACKOFF_INITIAL_MS);
        ejectionBackoffMaxMs = parsed.getLong(EJECTION_BACKOFF_MAX_MS);
        ejectionBackoffMultiplier = parsed.getDouble(EJECTION_BACKOFF_MULTIPLIER);
        ejectionMaxFraction = parsed.getDouble(EJECTION_MAX_FRACTION);
        ejectionLatencyFactor = parsed.getDouble(EJECTION_LATENCY_FACTOR);
        ejectionLatencyMinExcessMs = parsed.getDouble(EJECTION_LATENCY_MIN_EXCESS_MS);
        rampDurationMs = parsed.getLong(RAMP_DURATION_MS);
        checkCrossKeyRules();
    }

    /**
     * Parses and checks settings. Keys this class does not define are ignored, so one map can
     * carry the settings of several components.
     *
     * @throws ConfigException if a value is invalid or two values contradict each other; the
     *     message names the keys and values
     */
    public static WeightPlannerConfig from(Map<String, ?> settings) {
        return new WeightPlannerConfig(new AbstractConfig(CONFIG, settings, false));
    }

    /** Returns the settings with every default. */
    public static WeightPlannerConfig defaults() {
        return from(Map.of());
    }

    /** Returns the definition of every key, for help output and documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    private void checkCrossKeyRules() {
        if (ejectionRecoveryErrorRate >= ejectionErrorRate) {
            throw new ConfigException(EJECTION_RECOVERY_ERROR_RATE + " (" + ejectionRecoveryErrorRate
                    + ") must be below " + EJECTION_ERROR_RATE + " (" + ejectionErrorRate
                    + "), or an endpoint could count as recovered at an error rate that ejects it");
        }
        if (ejectionBackoffInitialMs > ejectionBackoffMaxMs) {
            throw new ConfigException(EJECTION_BACKOFF_INITIAL_MS + " (" + ejectionBackoffInitialMs
                    + ") must not exceed " + EJECTION_BACKOFF_MAX_MS + " (" + ejectionBackoffMaxMs + ")");
        }
    }

    public double weightFloor() {
        return weightFloor;
    }

    public double maxChangePerUpdate() {
        return maxChangePerUpdate;
    }

    public double costExponent() {
        return costExponent;
    }

    public double latencyTailWeight() {
        return latencyTailWeight;
    }

    public long latencyDecayMs() {
        return latencyDecayMs;
    }

    public double latencyMinMs() {
        return latencyMinMs;
    }

    public double errorPenalty() {
        return errorPenalty;
    }

    public long observationMaxAgeMs() {
        return observationMaxAgeMs;
    }

    public int observationMinSamples() {
        return observationMinSamples;
    }

    public long linkRttMaxAgeMs() {
        return linkRttMaxAgeMs;
    }

    public double linkJitterWeight() {
        return linkJitterWeight;
    }

    public double ejectionErrorRate() {
        return ejectionErrorRate;
    }

    public double ejectionRecoveryErrorRate() {
        return ejectionRecoveryErrorRate;
    }

    public long ejectionBackoffInitialMs() {
        return ejectionBackoffInitialMs;
    }

    public long ejectionBackoffMaxMs() {
        return ejectionBackoffMaxMs;
    }

    public double ejectionBackoffMultiplier() {
        return ejectionBackoffMultiplier;
    }

    /** Returns the latency-outlier ratio that ejects an endpoint, 0 when latency ejection is off. */
    public double ejectionLatencyFactor() {
        return ejectionLatencyFactor;
    }

    /** Returns the least excess over the peers' median, in milliseconds, of a latency outlier. */
    public double ejectionLatencyMinExcessMs() {
        return ejectionLatencyMinExcessMs;
    }

    private static ConfigDef.Validator latencyFactorValidator() {
        return (name, value) -> {
            double factor = (Double) value;
            if (factor != 0.0 && !(factor >= 2.0 && factor <= 1_000.0)) {
                throw new ConfigException(name, value, "must be 0 (off) or from 2 to 1000");
            }
        };
    }

    public double ejectionMaxFraction() {
        return ejectionMaxFraction;
    }

    public long rampDurationMs() {
        return rampDurationMs;
    }
}
