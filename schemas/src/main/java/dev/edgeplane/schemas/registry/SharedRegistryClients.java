package dev.edgeplane.schemas.registry;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Shares one {@link RestSchemaRegistryClient} among all callers with the same client settings.
 * Kafka creates a serde from its class name once per producer, consumer and stream thread, so
 * without sharing every instance would start its own JDK HTTP client, with its selector thread
 * and connection pool, and fill its own schema cache.
 *
 * <p>Two settings maps are the same when every key that {@link RestSchemaRegistryClientConfig}
 * defines has the same value after parsing, defaults included. Other keys, such as a producer's
 * {@code bootstrap.servers} or {@code auto.register.schemas}, do not matter. URLs are compared as
 * written, so {@code http://localhost:8081} and {@code http://127.0.0.1:8081} get separate clients.
 *
 * <p>Lifetime: this class keeps only weak references to its clients. A client lives as long as a
 * caller, such as a serde, references it. Once the last such caller is garbage, the client is
 * collected with its cache and HTTP client, and the next call for the same settings builds a new
 * one. No caller closes a shared client, because a {@link RestSchemaRegistryClient} keeps nothing
 * that needs closing. Thread-safe.
 */
public final class SharedRegistryClients {

    private static final Map<Map<String, Object>, SettingsReference> CLIENTS = new HashMap<>();
    private static final ReferenceQueue<RestSchemaRegistryClient> COLLECTED = new ReferenceQueue<>();

    private SharedRegistryClients() {
    }

    /**
     * Returns the client for the settings in {@code configs}, building it on first use. Blocks
     * only while building a client, which reads the key and trust store files when they are set,
     * and sends no request.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a missing or invalid key, such
     *     as a missing {@value RestSchemaRegistryClientConfig#URL_CONFIG}
     */
    public static RestSchemaRegistryClient get(Map<String, ?> configs) {
        RestSchemaRegistryClientConfig config = new RestSchemaRegistryClientConfig(configs);
        Map<String, Object> settings = Collections.unmodifiableMap(new HashMap<>(config.values()));

        synchronized (CLIENTS) {
            removeCollected();
            SettingsReference reference = CLIENTS.get(settings);
            RestSchemaRegistryClient client = reference == null ? null : reference.get();
            if (client == null) {
                client = new RestSchemaRegistryClient(config);
                CLIENTS.put(settings, new SettingsReference(settings, client));
            }
            return client;
        }
    }

    /** Removes the entries of collected clients. The caller must hold the lock on {@code CLIENTS}. */
    private static void removeCollected() {
        for (var collected = COLLECTED.poll(); collected != null; collected = COLLECTED.poll()) {
            SettingsReference reference = (SettingsReference) collected;
            // A newer client for the same settings may have replaced this entry already.
            CLIENTS.remove(reference.settings, reference);
        }
    }

    /** A weak reference to a shared client that remembers its map key, to remove the entry once collected. */
    private static final class SettingsReference extends WeakReference<RestSchemaRegistryClient> {
        private final Map<String, Object> settings;

        SettingsReference(Map<String, Object> settings, RestSchemaRegistryClient client) {
            super(client, COLLECTED);
            this.settings = settings;
        }
    }
}
