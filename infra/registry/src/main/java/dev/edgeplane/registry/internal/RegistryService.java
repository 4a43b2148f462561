package dev.edgeplane.registry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.edgeplane.registry.CompatibilityLevel;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations, independent of HTTP. Reads come from {@link RegistryState}; writes
 * take {@link #writeLock}, catch up with the schemas topic, decide from the caught-up state, write
 * through {@link KafkaSchemaStore} and return once the write is applied. Every failure is an
 * {@link ApiException} carrying the Confluent error code.
 *
 * <p>Safe to call from any number of request threads.
 */
public final class RegistryService {

    private static final Logger log = LoggerFactory.getLogger(RegistryService.class);

    private final RegistryState state;
    private final KafkaSchemaStore store;
    private final CompatibilityLevel defaultLevel;
    private final Duration timeout;
    /** One write at a time in this process, so that ids and versions are decided on a state no other write is changing. */
    private final ReentrantLock writeLock = new ReentrantLock();

    public RegistryService(RegistryState state, KafkaSchemaStore store, CompatibilityLevel defaultLevel, Duration timeout) {
        this.state = state;
        this.store = store;
        this.defaultLevel = defaultLevel;
        this.timeout = timeout;
    }

    /** A registered version as the API returns it. */
    public record RegisteredVersion(String subject, int version, int id, String schema) {
    }

    /**
     * Registers {@code request} under {@code subject}, or returns the id it already has there.
     * A schema already registered under another subject keeps its global id.
     */
    public int register(String subject, SchemaRequest request) {
        Schema candidate = request.parse();
        String canonical = AvroSchemas.canonical(candidate);
        return underWriteLock(() -> {
            Optional<StoreEntry.SchemaVersion> existing = findLive(subject, canonical);
            if (existing.isPresent()) {
                return existing.get().id();
            }

            CompatibilityLevel level = effectiveLevel(subject);
            List<String> messages = CompatibilityChecker.check(level, candidate, earlierVersions(subject, level));
            if (!messages.isEmpty()) {
                throw ApiErrors.incompatible("Schema is incompatible with an earlier version of subject '" + subject + "' under "
                        + level + " compatibility; details: " + messages);
            }

            int id = state.idOf(canonical).orElseGet(state::nextId);
            int version = state.nextVersion(subject);
            store.write(List.of(new StoreEntry.SchemaVersion(subject, version, id, canonical, false)));
            log.info("Registered schema id {} as version {} of subject '{}'", id, version, subject);
            return id;
        });
    }

    /** Returns the live version of {@code subject} that contains {@code request}'s schema. */
    public RegisteredVersion lookup(String subject, SchemaRequest request) {
        String canonical = AvroSchemas.canonical(request.parse());
        requireLiveSubject(subject);
        StoreEntry.SchemaVersion found = findLive(subject, canonical).orElseThrow(ApiErrors::schemaNotFound);
        return toRegistered(found);
    }

    public StoredSchema schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> ApiErrors.schemaNotFound(id));
    }

    /** Returns the subjects with live versions, or with any versions when {@code includeDeleted}. */
    public List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    /** Returns the version numbers of {@code subject}; soft-deleted ones only when {@code includeDeleted}. */
    public List<Integer> versions(String subject, boolean includeDeleted) {
        return requireSubject(subject, includeDeleted).stream().map(StoreEntry.SchemaVersion::version).toList();
    }

    /** Returns one version of {@code subject}; a soft-deleted one only when {@code includeDeleted}. */
    public RegisteredVersion version(String subject, String versionText, boolean includeDeleted) {
        VersionId versionId = VersionId.parse(versionText);
        return toRegistered(resolve(requireSubject(subject, includeDeleted), versionId));
    }

    /**
     * Checks {@code request} against one version of {@code subject}, or, when {@code versionText} is
     * null, against the versions that registering it would check.
     *
     * @return the incompatibility messages; empty if compatible
     */
    public List<String> testCompatibility(String subject, String versionText, SchemaRequest request, boolean verbose) {
        VersionId versionId = versionText == null ? null : VersionId.parse(versionText);
        Schema candidate;
        try {
            candidate = request.parse();
        } catch (ApiException e) {
            if (verbose && e.errorCode() == ApiErrors.INVALID_SCHEMA) {
                return List.of(e.getMessage());
            }
            throw e;
        }

        CompatibilityLevel level = effectiveLevel(subject);
        List<CompatibilityChecker.Earlier> earlier;
        if (versionId == null) {
            earlier = earlierVersions(subject, level);
        } else if (versionId.isLatest()) {
            List<StoreEntry.SchemaVersion> live = state.liveVersions(subject);
            earlier = live.isEmpty() ? List.of() : List.of(toEarlier(live.get(live.size() - 1)));
        } else {
            StoreEntry.SchemaVersion version = resolve(requireLiveSubject(subject), versionId);
            earlier = List.of(toEarlier(version));
        }
        return CompatibilityChecker.check(level, candidate, earlier);
    }

    /** Returns the global level: the one set through the API, else the configured default. */
    public CompatibilityLevel globalLevel() {
        return state.globalLevel().orElse(defaultLevel);
    }

    /**
     * Returns the level set for {@code subject}; without one, the global level if
     * {@code defaultToGlobal}, else a 40408 error.
     */
    public CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> level = state.subjectLevel(subject);
        if (level.isPresent()) {
            return level.get();
        }
        if (defaultToGlobal) {
            return globalLevel();
        }
        throw ApiErrors.subjectConfigNotFound(subject);
    }

    /** Sets the level of {@code subject}, or the global level when {@code subject} is null. */
    public CompatibilityLevel setLevel(String subject, CompatibilityLevel level) {
        return underWriteLock(() -> {
            store.write(List.of(new StoreEntry.CompatibilityConfig(subject, level)));
            log.info("Set compatibility level {} for {}", level, subject == null ? "the registry" : "subject '" + subject + "'");
            return level;
        });
    }

    /** Removes the level of {@code subject}, which then follows the global level, and returns the removed one. */
    public CompatibilityLevel removeSubjectLevel(String subject) {
        return underWriteLock(() -> {
            CompatibilityLevel removed = state.subjectLevel(subject).orElseThrow(() -> ApiErrors.subjectNotFound(subject));
            store.write(List.of(new StoreEntry.CompatibilityConfig(subject, null)));
            log.info("Removed compatibility level {} of subject '{}'", removed, subject);
            return removed;
        });
    }

    /** Soft-deletes every live version of {@code subject} and returns their numbers. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        rejectPermanent(permanent);
        return underWriteLock(() -> {
            List<StoreEntry.SchemaVersion> live = state.liveVersions(subject);
            if (live.isEmpty()) {
                throw state.nextVersion(subject) > 1 ? new ApiException(404, ApiErrors.SUBJECT_SOFT_DELETED,
                        "Subject '" + subject + "' was soft deleted already.") : ApiErrors.subjectNotFound(subject);
            }
            store.write(live.stream().<StoreEntry>map(StoreEntry.SchemaVersion::asDeleted).toList());
            log.info("Soft-deleted subject '{}' with {} versions", subject, live.size());
            return live.stream().map(StoreEntry.SchemaVersion::version).toList();
        });
    }

    /** Soft-deletes one version of {@code subject} and returns its number. */
    public int deleteVersion(String subject, String versionText, boolean permanent) {
        VersionId versionId = VersionId.parse(versionText);
        rejectPermanent(permanent);
        return underWriteLock(() -> {
            StoreEntry.SchemaVersion version = resolve(requireLiveSubject(subject), versionId);
            store.write(List.of(version.asDeleted()));
            log.info("Soft-deleted version {} of subject '{}'", version.version(), subject);
            return version.version();
        });
    }

    private static void rejectPermanent(boolean permanent) {
        if (permanent) {
            // Compaction drops a tombstoned version's record, and with it the evidence that its id
            // was handed out, so a later registry could give the same id to another schema.
            throw ApiErrors.operationNotPermitted("Permanent deletion is not supported: a permanently deleted schema's id could be "
                    + "handed out again after compaction. Use a soft delete (permanent=false).");
        }
    }

    private <T> T underWriteLock(Supplier<T> action) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!writeLock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw ApiErrors.timeout("Timed out after " + timeout.toMillis() + " ms waiting for other writes to finish; retry the request.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.store("Interrupted while waiting for other writes to finish.", e);
        }
        try {
            store.catchUp(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return state.subjectLevel(subject).orElseGet(this::globalLevel);
    }

    /** Returns the versions a new schema is checked against under {@code level}, newest first. */
    private List<CompatibilityChecker.Earlier> earlierVersions(String subject, CompatibilityLevel level) {
        List<StoreEntry.SchemaVersion> live = new ArrayList<>(state.liveVersions(subject));
        Collections.reverse(live);
        List<StoreEntry.SchemaVersion> checked = level.isTransitive() || live.isEmpty() ? live : live.subList(0, 1);
        return checked.stream().map(this::toEarlier).toList();
    }

    private CompatibilityChecker.Earlier toEarlier(StoreEntry.SchemaVersion version) {
        return new CompatibilityChecker.Earlier(version.version(), schemaById(version.id()));
    }

    private Optional<StoreEntry.SchemaVersion> findLive(String subject, String canonical) {
        return state.liveVersions(subject).stream().filter(version -> version.schema().equals(canonical)).findFirst();
    }

    private List<StoreEntry.SchemaVersion> requireLiveSubject(String subject) {
        return requireSubject(subject, false);
    }

    private List<StoreEntry.SchemaVersion> requireSubject(String subject, boolean includeDeleted) {
        List<StoreEntry.SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw ApiErrors.subjectNotFound(subject);
        }
        return versions;
    }

    private static StoreEntry.SchemaVersion resolve(List<StoreEntry.SchemaVersion> candidates, VersionId versionId) {
        if (versionId.isLatest()) {
            return candidates.get(candidates.size() - 1);
        }
        return candidates.stream().filter(version -> version.version() == versionId.number()).findFirst()
                .orElseThrow(() -> ApiErrors.versionNotFound(versionId.number()));
    }

    private static RegisteredVersion toRegistered(StoreEntry.SchemaVersion version) {
        return new RegisteredVersion(version.subject(), version.version(), version.id(), version.schema());
    }
}
