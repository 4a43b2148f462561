package dev.edgeplane.schemas.serde;

import java.util.Map;

import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClientConfig;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.registry.SharedRegistryClients;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the Avro serializers and deserializers, read from the map that Kafka clients and
 * Kafka Streams pass to {@code configure}.
 *
 * <p>A serde gets its registry client from the first of these that is present: a client instance
 * under {@link #SCHEMA_REGISTRY_CLIENT_CONFIG}, the client given to the serde's constructor, or a
 * {@link RestSchemaRegistryClient} built from {@value RestSchemaRegistryClientConfig#URL_CONFIG}
 * and the other keys of {@link RestSchemaRegistryClientConfig} (credentials, TLS, timeouts,
 * retries), as Confluent's serdes do. Serdes with the same client settings share one client
 * through {@link SharedRegistryClients}, which also describes how long a client lives.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether a serializer registers the schema of a record"
            + " under the topic's subject when it is not registered yet. When false, a record whose schema is not"
            + " registered fails to serialize, which suits production, where schemas are registered ahead of deploys.";

    /**
     * Key of a {@link SchemaRegistryClient} instance in the configuration map. Kafka passes objects
     * through unchanged, so a serde that Kafka creates by class name, such as a Streams default
     * serde, can get a client that is not a REST client this way, for example in tests. The
     * instance is not in {@link #CONFIG_DEF} because {@link ConfigDef} has no type for objects.
     */
    public static final String SCHEMA_REGISTRY_CLIENT_CONFIG = "edgeplane.schema.registry.client";

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
     * given to the serde's constructor, else the shared REST client for the
     * {@value RestSchemaRegistryClientConfig#URL_CONFIG} settings. Sends no request.
     *
     * @throws ConfigException when the map contains another type than a client under
     *     {@link #SCHEMA_REGISTRY_CLIENT_CONFIG}, when the REST client settings are invalid, or
     *     when no source has a client
     */
    public static SchemaRegistryClient registryClient(Map<String, ?> configs, SchemaRegistryClient fallback) {
        Object configured = configs.get(SCHEMA_REGISTRY_CLIENT_CONFIG);
        if (configured != null) {
            if (!(configured instanceof SchemaRegistryClient client)) {
                throw new ConfigException(SCHEMA_REGISTRY_CLIENT_CONFIG, configured.getClass().getName(),
                        "Expected an instance of " + SchemaRegistryClient.class.getName());
            }
            return client;
        }
        if (fallback != null) {
            return fallback;
        }
        if (configs.get(RestSchemaRegistryClientConfig.URL_CONFIG) != null) {
            return SharedRegistryClients.get(configs);
        }
        throw new ConfigException("No schema registry client: set " + RestSchemaRegistryClientConfig.URL_CONFIG
                + " to the registry's base URL, such as http://127.0.0.1:8081, pass a client to the serde's"
                + " constructor, or put a " + SchemaRegistryClient.class.getName() + " instance under "
                + SCHEMA_REGISTRY_CLIENT_CONFIG);
    }
}
