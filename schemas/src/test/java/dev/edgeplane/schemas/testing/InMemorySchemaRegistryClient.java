package dev.edgeplane.schemas.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

/**
 * A schema registry in memory, for unit tests of the serdes.
 *
 * <p>The registry is an I/O boundary served by another module, so these tests use this stand-in
 * with the same contract: global ids shared by equal schemas across subjects, 404 with error code
 * 40401 or 40403 for what is missing, and an optional outage that fails every call with
 * {@link SchemaRegistryException#NO_RESPONSE}. It does not check compatibility. Integration tests
 * against the real registry server cover the REST client.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
    private final AtomicInteger registerCalls = new AtomicInteger();
    private final AtomicInteger getIdCalls = new AtomicInteger();
    private final AtomicInteger getSchemaByIdCalls = new AtomicInteger();
    private int nextId = 1;
    private volatile boolean down;

    @Override
    public synchronized int register(String subject, Schema schema) {
        registerCalls.incrementAndGet();
        failIfDown();
        int id = idsBySchema.computeIfAbsent(schema, unused -> {
            int assigned = nextId++;
            schemasById.put(assigned, schema);
            return assigned;
        });
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, unused -> new ArrayList<>());
        if (!versions.contains(schema)) {
            versions.add(schema);
        }
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        getIdCalls.incrementAndGet();
        failIfDown();
        List<Schema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        if (!versions.contains(schema)) {
            throw new SchemaRegistryException("Schema not found under subject '" + subject + "'.", 404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return idsBySchema.get(schema);
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        getSchemaByIdCalls.incrementAndGet();
        failIfDown();
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    private void failIfDown() {
        if (down) {
            throw new SchemaRegistryException("Connection refused: the registry is down in this test",
                    SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE);
        }
    }

    /** Makes every later call fail as if the registry were unreachable, or ends the outage. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** Returns the schemas registered under a subject, oldest first. */
    public synchronized List<Schema> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    public int registerCalls() {
        return registerCalls.get();
    }

    public int getIdCalls() {
        return getIdCalls.get();
    }

    public int getSchemaByIdCalls() {
        return getSchemaByIdCalls.get();
    }
}
