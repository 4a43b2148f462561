package dev.edgeplane.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Sharing of REST clients by settings. No request is sent, so no registry runs. */
class SharedRegistryClientsTest {

    private static final String URL = "http://127.0.0.1:18081";

    @Test
    void sameSettingsShareClient() {
        RestSchemaRegistryClient first = SharedRegistryClients.get(Map.of("schema.registry.url", URL,
                "bootstrap.servers", "127.0.0.1:9092", "auto.register.schemas", "false"));

        assertThat(SharedRegistryClients.get(Map.of("schema.registry.url", URL)))
                .as("keys the client does not define are ignored").isSameAs(first);
        assertThat(SharedRegistryClients.get(Map.of("schema.registry.url", URL, "schema.registry.cache.capacity", 1000)))
                .as("a default given explicitly").isSameAs(first);
        assertThat(SharedRegistryClients.get(Map.of("schema.registry.url", URL, "max.retries", "3")))
                .as("a default given as a string").isSameAs(first);
    }

    @Test
    void differentSettingsGetOwnClient() {
        RestSchemaRegistryClient plain = SharedRegistryClients.get(Map.of("schema.registry.url", URL));

        assertThat(SharedRegistryClients.get(Map.of("schema.registry.url", "http://localhost:18081")))
                .as("another URL").isNotSameAs(plain);
        assertThat(SharedRegistryClients.get(Map.of("schema.registry.url", URL, "basic.auth.user.info", "ops:secret")))
                .as("credentials").isNotSameAs(plain);
        assertThat(SharedRegistryClients.get(Map.of("schema.registry.url", URL, "basic.auth.user.info", "ops:secret")))
                .as("the same credentials")
                .isSameAs(SharedRegistryClients.get(Map.of("schema.registry.url", URL, "basic.auth.user.info", "ops:secret")));
        assertThat(SharedRegistryClients.get(Map.of("schema.registry.url", URL, "schema.registry.request.timeout.ms", 2_000L)))
                .as("a timeout").isNotSameAs(plain);
    }

    @Test
    void unusedClientIsCollected() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("schema.registry.url", URL);
        settings.put("schema.registry.cache.capacity", 17);
        WeakReference<RestSchemaRegistryClient> unused = new WeakReference<>(SharedRegistryClients.get(settings));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return unused.get() == null;
        });

        assertThat(SharedRegistryClients.get(settings)).as("a new client for the same settings").isNotNull();
    }

    @Test
    void invalidSettingsNameTheKey() {
        assertThatThrownBy(() -> SharedRegistryClients.get(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SharedRegistryClients.get(Map.of("schema.registry.url", "ftp://127.0.0.1:18081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ftp://127.0.0.1:18081")
                .hasMessageContaining("http:// or https://");
    }
}
