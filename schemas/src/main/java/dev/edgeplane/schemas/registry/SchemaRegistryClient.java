package dev.edgeplane.schemas.registry;

import org.apache.avro.Schema;

/**
 * A client of a schema registry that speaks the Confluent Schema Registry REST API, as the
 * Edgeplane serdes need it. Implementations are thread-safe.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}, or finds the id it already has there.
     *
     * @return the schema's global id
     * @throws SchemaRegistryException if the registry rejects the schema or cannot be reached
     */
    int register(String subject, Schema schema);

    /**
     * Returns the global id of {@code schema} as registered under {@code subject}.
     *
     * @throws SchemaRegistryException if it is not registered there or the registry cannot be reached
     */
    int getId(String subject, Schema schema);

    /**
     * Returns the schema with global id {@code id}.
     *
     * @throws SchemaRegistryException if no schema has that id or the registry cannot be reached
     */
    Schema getSchemaById(int id);
}
