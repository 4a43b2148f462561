package dev.edgeplane.schemas.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.edgeplane.schemas.registry.RestSchemaRegistryClientConfig;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClientConfig.StoreFile;
import org.apache.kafka.common.config.ConfigException;

/** Builds the TLS context of the registry client from its key and trust store settings. */
public final class SslContexts {

    private SslContexts() {
    }

    /**
     * Returns a TLS context that trusts the configured trust store (else the JVM's default) and
     * presents the key store's certificate, if one is configured.
     *
     * @throws ConfigException naming the setting whose file cannot be read or opened
     */
    public static SSLContext create(Optional<StoreFile> trustStore, Optional<StoreFile> keyStore) {
        try {
            TrustManager[] trustManagers = null;
            if (trustStore.isPresent()) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(load(trustStore.get(), RestSchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG));
                trustManagers = factory.getTrustManagers();
            }
            KeyManager[] keyManagers = null;
            if (keyStore.isPresent()) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(load(keyStore.get(), RestSchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION_CONFIG), keyStore.get().keyPassword());
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Setting up TLS for the schema registry client failed: " + e.getMessage()
                    + ". Check the key store and trust store passwords and types.");
        }
    }

    private static KeyStore load(StoreFile file, String locationKey) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(file.type());
        try (InputStream in = Files.newInputStream(Path.of(file.location()))) {
            store.load(in, file.password());
        } catch (IOException e) {
            throw new ConfigException(locationKey, file.location(), "Reading the " + file.type() + " store failed: " + e.getMessage()
                    + ". Check the path, the type and the password.");
        }
        return store;
    }
}
