package dev.edgeplane.schemas.registry;

import org.apache.avro.Schema;

/**
 * Client of a schema registry that speaks the Confluent Schema Registry REST API.
 *
 * <p>Every method blocks until the registry responds or the implementation's timeout expires, and
 * raises {@link SchemaRegistryException} on any failure: with the HTTP status and Confluent error
 * code when the registry responded, or {@link SchemaRegistryException#NO_RESPONSE} when it did not.
 * Implementations are safe to call from several threads. Callers cache results where they need
 * speed, because schema ids never change once assigned.
 */
public interface SchemaRegistryClient {

    /**
     * Registers a schema under a subject, or finds it when it is already registered there.
     *
     * @return the global id of the schema, the same under every subject where this schema is registered
     * @throws SchemaRegistryException with status 409 when the schema breaks the subject's
     *     compatibility mode, 422 when the registry rejects it as invalid, or any other failure
     */
    int register(String subject, Schema schema);

    /**
     * Looks up the id of a schema already registered under a subject, without registering it.
     *
     * @return the global id of the schema
     * @throws SchemaRegistryException with status 404 (error code 40401 or 40403) when the subject
     *     or the schema under it is not registered, or any other failure
     */
    int getId(String subject, Schema schema);

    /**
     * Fetches the schema with a global id.
     *
     * @return the schema, parsed
     * @throws SchemaRegistryException with status 404 and error code 40403 when no schema has
     *     this id, or any other failure
     */
    Schema getSchemaById(int id);
}
