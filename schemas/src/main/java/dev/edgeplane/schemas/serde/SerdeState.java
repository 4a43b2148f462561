package dev.edgeplane.schemas.serde;

import dev.edgeplane.schemas.registry.RestSchemaRegistryClientConfig;

/** Checks that a serde created by class name was configured before use. */
final class SerdeState {

    private SerdeState() {
    }

    static <D> D require(D delegate, Class<?> serdeClass) {
        if (delegate == null) {
            throw new IllegalStateException(serdeClass.getSimpleName() + " has no schema registry client: call"
                    + " configure() with " + RestSchemaRegistryClientConfig.URL_CONFIG + " or "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG + " first, or create it with a client");
        }
        return delegate;
    }
}
