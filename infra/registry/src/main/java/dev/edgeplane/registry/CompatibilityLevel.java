package dev.edgeplane.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The compatibility rules that a subject enforces when a new schema version is registered, named
 * as the Confluent Schema Registry names them.
 *
 * <p>Backward means that a consumer reading with the new schema can decode data written with an
 * older schema (the new schema is the Avro reader, the older one the writer). Forward is the
 * opposite direction, and full checks both. A transitive level checks against every live version
 * of the subject; the others check against the latest live version only.
 */
public enum CompatibilityLevel {
    /** No check: any valid schema is accepted. */
    NONE(false, false, false),
    /** The new schema reads data written with the latest version. */
    BACKWARD(true, false, false),
    /** The new schema reads data written with every live version. */
    BACKWARD_TRANSITIVE(true, false, true),
    /** The latest version reads data written with the new schema. */
    FORWARD(false, true, false),
    /** Every live version reads data written with the new schema. */
    FORWARD_TRANSITIVE(false, true, true),
    /** Backward and forward against the latest version. */
    FULL(true, true, false),
    /** Backward and forward against every live version. */
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Returns whether the new schema must read data written with the older ones. */
    public boolean checksBackward() {
        return backward;
    }

    /** Returns whether the older schemas must read data written with the new one. */
    public boolean checksForward() {
        return forward;
    }

    /** Returns whether every live version is checked, not only the latest. */
    public boolean isTransitive() {
        return transitive;
    }

    /**
     * Parses a level name, ignoring case, as the registry's REST API accepts it.
     *
     * @return the level, or empty if {@code name} is null or names no level
     */
    public static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(level -> level.name().equals(upper)).findFirst();
    }

    /** Returns the valid names, comma separated, for error messages and configuration docs. */
    public static String validNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
