package dev.edgeplane.demo.load;

import java.time.Duration;

/**
 * Settings of a {@link LoadGenerator}: target, client node, rate and buckets. Immutable.
 *
 * @param namespace namespace of the target FogService
 * @param service name of the target FogService
 * @param clientNode node the simulated clients sit on; picks the weights keyed {@code namespace/service@clientNode}
 * @param requestsPerSecond request rate, sent at fixed intervals however long the responses take (open loop)
 * @param bucket length of each measurement bucket
 * @param requestTimeout time after which a request counts as failed
 */
public record LoadSettings(String namespace, String service, String clientNode, double requestsPerSecond,
        Duration bucket, Duration requestTimeout) {

    /** Checks every field; the message names the field, its value and the fix. */
    public LoadSettings {
        requireName("namespace", namespace);
        requireName("service", service);
        requireName("clientNode", clientNode);
        if (!(requestsPerSecond > 0.0 && requestsPerSecond <= 10_000.0)) {
            throw new IllegalArgumentException("Invalid requestsPerSecond " + requestsPerSecond
                    + ": give a rate above 0 and at most 10000 per second");
        }
        requirePositive("bucket", bucket);
        requirePositive("requestTimeout", requestTimeout);
    }

    private static void requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing " + field + ": give a Kubernetes name");
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid " + field + " " + value + ": give a positive duration");
        }
    }
}
