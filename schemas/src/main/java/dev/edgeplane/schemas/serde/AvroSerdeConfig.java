package dev.edgeplane.schemas.serde;

import java.util.Map;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the Avro serializers and deserializers, read from the map that Kafka clients and
 * Kafka Streams pass to {@code configure}.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether a serializer registers the schema of a record"
            + " under the topic's subject when it is not registered yet. When false, a record whose schema is not"
            + " registered fails to serialize, which suits production, where schemas are registered ahead of deploys.";

    /**
     * Key of a {@link SchemaRegistryClient} instance in the configuration map. Kafka passes objects
     * through unchanged, so this is how a serde that Kafka creates by class name, such as a Streams
     * default serde, gets its client. The instance is not in {@link #CONFIG_DEF} because
     * {@link ConfigDef} has no type for objects.
     */
    public static final String SCHEMA_REGISTRY_CLIENT_CONFIG = "edgeplane.schema.registry.client";

    // NOTE: a serde created by class name needs the client instance under SCHEMA_REGISTRY_CLIENT_CONFIG;
    // building the REST client from a schema.registry.url setting can replace that once the REST client
    // is in this module.

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC);

    /** Parses the settings; unknown keys are ignored, as Kafka clients pass their whole configuration. */
    public AvroSerdeConfig(Map<String, ?> configs) {
        super(CONFIG_DEF, configs, false);
    }

    /** Returns whether serializers register missing schemas. */
    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    /**
     * Picks the registry client: the one in the configuration map if present, else the fallback
     * given to the serde's constructor.
     *
     * @throws ConfigException when the map contains another type than a client under
     *     {@link #SCHEMA_REGISTRY_CLIENT_CONFIG}, or when neither source has a client
     */
    public static SchemaRegistryClient registryClient(Map<String, ?> configs, SchemaRegistryClient fallback) {
        Object configured = configs.get(SCHEMA_REGISTRY_CLIENT_CONFIG);
        if (configured == null) {
            if (fallback == null) {
                throw new ConfigException("No schema registry client: pass one to the serde's constructor or put a "
                        + SchemaRegistryClient.class.getName() + " instance under " + SCHEMA_REGISTRY_CLIENT_CONFIG);
            }
            return fallback;
        }
        if (!(configured instanceof SchemaRegistryClient client)) {
            throw new ConfigException(SCHEMA_REGISTRY_CLIENT_CONFIG, configured.getClass().getName(),
                    "Expected an instance of " + SchemaRegistryClient.class.getName());
        }
        return client;
    }
}
