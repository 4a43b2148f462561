package dev.edgeplane.registry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.edgeplane.registry.CompatibilityLevel;
import org.apache.avro.Schema;

/**
 * The registry's in-memory view of the schemas topic, rebuilt by applying its records in offset
 * order. Only the store's reader thread calls {@link #apply}; request threads read. Every method
 * locks this object's monitor, and everything returned is immutable.
 *
 * <p>Applying rejects a record that would bind a schema id to a second, different schema, or a
 * subject version to a second id. Such a record can only come from a writer that ignored the
 * fencing described in the package's DESIGN.md; it is reported through {@link #conflict()} and the
 * registry stops accepting writes, because allocating more ids on top of it could hand out an id
 * that already means something else to consumers.
 */
public final class RegistryState {

    private final Map<String, TreeMap<Integer, StoreEntry.SchemaVersion>> subjects = new HashMap<>();
    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    private String conflict;

    /**
     * Applies one record read at {@code offset}.
     *
     * @return a description of the conflict if the record was rejected, else empty
     * @throws AvroSchemas.InvalidSchemaException if a schema record contains text Avro cannot parse
     */
    public synchronized Optional<String> apply(StoreEntry entry, long offset) {
        if (entry instanceof StoreEntry.SchemaVersion version) {
            return applyVersion(version, offset);
        }
        if (entry instanceof StoreEntry.RemovedVersion removed) {
            TreeMap<Integer, StoreEntry.SchemaVersion> versions = subjects.get(removed.subject());
            if (versions != null) {
                versions.remove(removed.version());
            }
        } else if (entry instanceof StoreEntry.CompatibilityConfig config) {
            applyConfig(config);
        }
        return Optional.empty();
    }

    private Optional<String> applyVersion(StoreEntry.SchemaVersion version, long offset) {
        Schema parsed = AvroSchemas.parse(version.schema());
        String canonical = AvroSchemas.canonical(parsed);

        StoredSchema known = schemasById.get(version.id());
        if (known != null && !known.canonical().equals(canonical)) {
            return reject(String.format("Schema id %d at offset %d is bound to a schema other than the one registered before under that id.",
                    version.id(), offset));
        }
        TreeMap<Integer, StoreEntry.SchemaVersion> versions = subjects.computeIfAbsent(version.subject(), s -> new TreeMap<>());
        StoreEntry.SchemaVersion previous = versions.get(version.version());
        if (previous != null && previous.id() != version.id()) {
            return reject(String.format("Version %d of subject '%s' at offset %d is bound to schema id %d, but it was bound to id %d before.",
                    version.version(), version.subject(), offset, version.id(), previous.id()));
        }

        if (known == null) {
            schemasById.put(version.id(), new StoredSchema(version.id(), canonical, parsed));
            idsByCanonical.putIfAbsent(canonical, version.id());
        }
        versions.put(version.version(), new StoreEntry.SchemaVersion(version.subject(), version.version(), version.id(), canonical,
                version.deleted()));
        maxId = Math.max(maxId, version.id());
        return Optional.empty();
    }

    private Optional<String> reject(String message) {
        if (conflict == null) {
            conflict = message;
        }
        return Optional.of(message);
    }

    private void applyConfig(StoreEntry.CompatibilityConfig config) {
        if (config.subject() == null) {
            globalLevel = config.level();
        } else if (config.level() == null) {
            subjectLevels.remove(config.subject());
        } else {
            subjectLevels.put(config.subject(), config.level());
        }
    }

    /** Returns the first rejected record's description; the registry accepts no writes while it is set. */
    public synchronized Optional<String> conflict() {
        return Optional.ofNullable(conflict);
    }

    public synchronized Optional<StoredSchema> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Returns the global id of a schema in canonical form, whichever subject registered it. */
    public synchronized OptionalInt idOf(String canonical) {
        Integer id = idsByCanonical.get(canonical);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Returns the id the next new schema gets: one more than the largest id seen. */
    public synchronized int nextId() {
        return maxId + 1;
    }

    /**
     * Returns the subjects with at least one live (not soft-deleted) version, or with any version
     * when {@code includeDeleted}, sorted.
     */
    public synchronized List<String> subjects(boolean includeDeleted) {
        TreeSet<String> names = new TreeSet<>();
        subjects.forEach((subject, versions) -> {
            if (versions.values().stream().anyMatch(v -> includeDeleted || !v.deleted())) {
                names.add(subject);
            }
        });
        return List.copyOf(names);
    }

    /** Returns the live versions of {@code subject}, oldest first; empty if it has none. */
    public synchronized List<StoreEntry.SchemaVersion> liveVersions(String subject) {
        return versions(subject, false);
    }

    /** Returns the versions of {@code subject}, oldest first, soft-deleted ones only when {@code includeDeleted}. */
    public synchronized List<StoreEntry.SchemaVersion> versions(String subject, boolean includeDeleted) {
        TreeMap<Integer, StoreEntry.SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        List<StoreEntry.SchemaVersion> selected = new ArrayList<>();
        for (StoreEntry.SchemaVersion version : versions.values()) {
            if (includeDeleted || !version.deleted()) {
                selected.add(version);
            }
        }
        return List.copyOf(selected);
    }

    /** Returns a version of {@code subject}, soft-deleted or not. */
    public synchronized Optional<StoreEntry.SchemaVersion> version(String subject, int version) {
        TreeMap<Integer, StoreEntry.SchemaVersion> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    /** Returns the number the next version of {@code subject} gets; soft-deleted versions keep their numbers. */
    public synchronized int nextVersion(String subject) {
        TreeMap<Integer, StoreEntry.SchemaVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** Returns the global level set through the API, or empty while the configured default applies. */
    public synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }
}
