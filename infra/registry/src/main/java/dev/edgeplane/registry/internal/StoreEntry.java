package dev.edgeplane.registry.internal;

import java.util.Objects;

import dev.edgeplane.registry.CompatibilityLevel;

/** One record of the schemas topic, decoded. */
public sealed interface StoreEntry {

    /**
     * Version {@code version} of {@code subject}, bound to the global schema id {@code id}. A
     * soft-deleted version keeps its id, so records written with it still decode.
     *
     * @param schema the schema in Avro's canonical JSON form (what {@code Schema.toString()} prints)
     */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements StoreEntry {
        public SchemaVersion {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }

        /** Returns this version marked as soft-deleted. */
        public SchemaVersion asDeleted() {
            return new SchemaVersion(subject, version, id, schema, true);
        }
    }

    /** A tombstone of a schema version: the version was permanently deleted. */
    record RemovedVersion(String subject, int version) implements StoreEntry {
    }

    /**
     * The compatibility level of {@code subject}, or the global one when {@code subject} is null.
     * A null {@code level} removes the setting (a tombstone).
     */
    record CompatibilityConfig(String subject, CompatibilityLevel level) implements StoreEntry {
    }

    /** A record of a kind this registry does not use, such as the Confluent registry's NOOP or MODE keys. */
    record Ignored(String keyType) implements StoreEntry {
    }
}
