package dev.edgeplane.schemas.serde.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;

/**
 * Caches the results of a {@link SchemaRegistryClient}, which never change: a schema id always
 * names the same schema, and a schema keeps its id under a subject. A miss calls the client and
 * blocks on it; hits do not block. Thread-safe. Failures are not cached, so a later call retries.
 */
public final class CachedSchemaRegistry {

    private final SchemaRegistryClient client;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    public CachedSchemaRegistry(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Returns the id of a schema under a subject, registering it first when {@code register} is
     * true, or looking it up otherwise.
     */
    public int idFor(String subject, Schema schema, boolean register) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }

        int id = register ? client.register(subject, schema) : client.getId(subject, schema);
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** Returns the schema with an id. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }

        Schema schema = client.getSchemaById(id);
        schemasById.put(id, schema);
        return schema;
    }
}
