package dev.edgeplane.schemas.registry;

import org.apache.avro.Schema;

/** Version {@code version} of {@code subject}, bound to the schema with global id {@code id}. */
public record SubjectVersion(String subject, int version, int id, Schema schema) {
}
