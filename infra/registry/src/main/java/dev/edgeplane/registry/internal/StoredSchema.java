package dev.edgeplane.registry.internal;

import org.apache.avro.Schema;

/**
 * A schema known under a global id: its canonical text (what the REST API returns) and the parsed
 * Avro schema used for compatibility checks. Avro schemas are not changed after parsing, so
 * instances are shared between threads.
 */
public record StoredSchema(int id, String canonical, Schema avro) {
}
