package dev.edgeplane.schemas.registry;

/**
 * Compatibility levels of the Confluent Schema Registry API. Backward levels let consumers on a
 * new schema read older data, and forward levels let consumers on older schemas read new data.
 * Full levels check both. Transitive levels check every live version instead of the latest one.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
