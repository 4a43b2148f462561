package dev.edgeplane.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway with a TLS keystore serves HTTPS; the keystore is made with the JDK's keytool. */
@WithKafkaBroker
class TlsGatewayTest {

    @TempDir
    Path folder;

    @Test
    void keystoreTurnsOnHttps(EmbeddedKafkaBroker broker) throws Exception {
        Path keystore = folder.resolve("gateway.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process generate = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit", "-alias", "gateway",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1").redirectErrorStream(true).start();
        assertThat(generate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(generate.exitValue()).as(new String(generate.getInputStream().readAllBytes())).isZero();
        GatewayFixture.createTopics(broker);

        try (SchemaRegistryServer registry = GatewayFixture.startRegistry(broker);
                IngestGateway gateway = GatewayFixture.start(GatewayFixture.settings(broker, registry,
                        IngestGatewayConfig.TLS_KEYSTORE_PATH, keystore.toString(),
                        IngestGatewayConfig.TLS_KEYSTORE_PASSWORD, "changeit"))) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(keystore)) {
                trusted.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
            String body = GatewayFixture.batch("tls", List.of(GatewayFixture.nodeEvent("tls:1", "edge-1",
                    System.currentTimeMillis(), 1)));

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/telemetry"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(gateway.baseUrl()).startsWith("https://127.0.0.1:");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"accepted\":1");
        }
    }
}
