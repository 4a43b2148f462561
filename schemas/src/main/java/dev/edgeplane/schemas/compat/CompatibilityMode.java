package dev.edgeplane.schemas.compat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Schema compatibility modes, with the names and meaning that the Confluent Schema Registry gives
 * them.
 *
 * <p>BACKWARD: consumers using the new schema can read data written with the previous one. FORWARD:
 * consumers still using the previous schema can read data written with the new one. FULL: both. The
 * transitive modes check against every earlier version instead of only the latest. NONE checks
 * nothing.
 */
public enum CompatibilityMode {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityMode(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Returns whether the new schema must read data written with earlier versions. */
    public boolean checksBackward() {
        return backward;
    }

    /** Returns whether earlier versions must read data written with the new schema. */
    public boolean checksForward() {
        return forward;
    }

    /** Returns whether the check covers every earlier version rather than only the latest. */
    public boolean isTransitive() {
        return transitive;
    }

    /**
     * Parses a mode name, ignoring case, such as {@code full_transitive}.
     *
     * @throws IllegalArgumentException naming the value and the valid names when it matches none of them
     */
    public static CompatibilityMode parse(String name) {
        String normalized = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (CompatibilityMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        String valid = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "Invalid compatibility mode '" + name + "': use one of " + valid);
    }
}
