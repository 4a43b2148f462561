package dev.edgeplane.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

/**
 * A schema registry client that keeps schemas in memory, for TopologyTestDriver tests, which run
 * without a network. Ids are global as in a real registry. Thread-safe.
 */
public final class InMemoryRegistry implements SchemaRegistryClient {

    private final List<Schema> byId = new ArrayList<>();
    private final Map<String, Map<Schema, Integer>> subjects = new ConcurrentHashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = byId.indexOf(schema);
        if (id < 0) {
            byId.add(schema);
            id = byId.size() - 1;
        }
        subjects.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        Integer id = subjects.getOrDefault(subject, Map.of()).get(schema);
        if (id == null) {
            throw new SchemaRegistryException("Schema not registered under " + subject, 404, 40403);
        }
        return id;
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        if (id < 0 || id >= byId.size()) {
            throw new SchemaRegistryException("No schema with id " + id, 404, 40403);
        }
        return byId.get(id);
    }
}
