package dev.edgeplane.schemas.registry;

import java.util.List;

/**
 * The outcome of a compatibility test.
 *
 * @param messages the registry's reasons when incompatible, one per Avro incompatibility, followed
 *                 by the version and level that were checked; empty when compatible
 */
public record CompatibilityCheck(boolean compatible, List<String> messages) {

    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }
}
