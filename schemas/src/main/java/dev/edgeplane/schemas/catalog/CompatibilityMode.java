package dev.edgeplane.schemas.catalog;

/**
 * A schema compatibility mode that the schema registry enforces on a subject. The constant names are
 * the values of the {@code compatibility} field in the Confluent Schema Registry REST API.
 *
 * <p>BACKWARD: a new schema reads data written with the previous one. FORWARD: the previous schema
 * reads data written with the new one. FULL: both. A TRANSITIVE mode checks against every earlier
 * version of the subject, not only the latest.
 */
public enum CompatibilityMode {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
