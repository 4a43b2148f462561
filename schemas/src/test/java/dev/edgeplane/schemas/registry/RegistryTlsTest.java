package dev.edgeplane.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's trust store and key store settings against an HTTPS server whose self-signed
 * certificate the JDK's keytool creates for the test. The same key pair serves as the server's
 * and the client's certificate.
 */
class RegistryTlsTest {

    private static final String PASSWORD = "edgeplane";
    private static final String STRING_SCHEMA = "{\"schema\":\"\\\"string\\\"\"}";

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static Path trustStore;

    @BeforeAll
    static void createStores() throws Exception {
        keyStore = dir.resolve("registry.p12");
        trustStore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("registry.crt");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
    }

    @Test
    void trustStoreAcceptsServer() throws Exception {
        try (StubRegistry stub = StubRegistry.https(configurator(false), StubRegistry.Scripted.of(200, STRING_SCHEMA))) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(Map.of(
                    "schema.registry.url", stub.url(),
                    "schema.registry.ssl.truststore.location", trustStore.toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD));

            assertThat(client.getSchemaById(3).getType()).isEqualTo(Schema.Type.STRING);
        }
    }

    @Test
    void untrustedServerFailsWithoutRetry() throws Exception {
        try (StubRegistry stub = StubRegistry.https(configurator(false), StubRegistry.Scripted.of(200, STRING_SCHEMA))) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(Map.of(
                    "schema.registry.url", stub.url(), "retries.wait.ms", "2000"));

            long start = System.nanoTime();
            assertThatThrownBy(() -> client.getSchemaById(3))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.getMessage()).contains("TLS handshake").contains("schema.registry.ssl.truststore.location");
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("no retry wait").isLessThan(2_000);
            assertThat(stub.received()).isEmpty();
        }
    }

    @Test
    void keyStoreSatisfiesClientAuthentication() throws Exception {
        try (StubRegistry stub = StubRegistry.https(configurator(true), StubRegistry.Scripted.of(200, STRING_SCHEMA))) {
            RestSchemaRegistryClient withCertificate = new RestSchemaRegistryClient(Map.of(
                    "schema.registry.url", stub.url(),
                    "schema.registry.ssl.truststore.location", trustStore.toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD,
                    "schema.registry.ssl.keystore.location", keyStore.toString(),
                    "schema.registry.ssl.keystore.password", PASSWORD));
            RestSchemaRegistryClient withoutCertificate = new RestSchemaRegistryClient(Map.of(
                    "schema.registry.url", stub.url(),
                    "schema.registry.ssl.truststore.location", trustStore.toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD,
                    "max.retries", "0"));

            assertThat(withCertificate.getSchemaById(3).getType()).isEqualTo(Schema.Type.STRING);
            assertThatThrownBy(() -> withoutCertificate.getSchemaById(3))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isZero());
        }
    }

    @Test
    void wrongStorePasswordNamesTheSetting() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of(
                "schema.registry.url", "https://127.0.0.1:1",
                "schema.registry.ssl.truststore.location", trustStore.toString(),
                "schema.registry.ssl.truststore.password", "wrong")))
                .hasMessageContaining("schema.registry.ssl.truststore.location");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of(
                "schema.registry.url", "https://127.0.0.1:1",
                "schema.registry.ssl.truststore.location", dir.resolve("missing.p12").toString())))
                .hasMessageContaining("missing.p12");
    }

    private static HttpsConfigurator configurator(boolean needClientAuth) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(parameters);
            }
        };
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // A short-lived tool: the client compiler alone starts it in about half the time.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
