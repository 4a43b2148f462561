package dev.edgeplane.ingest.gateway;

import static dev.edgeplane.ingest.gateway.GatewayFixture.batch;
import static dev.edgeplane.ingest.gateway.GatewayFixture.nodeEvent;
import static dev.edgeplane.ingest.gateway.GatewayFixture.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.Test;

/**
 * 429 and 503 when Kafka cannot keep up: the telemetry topics live on a second broker that stops
 * while a batch waits for its acknowledgement. The schema registry stays on the shared broker.
 */
@WithKafkaBroker
class BackpressureTest {

    @Test
    void fullBufferGets429AndLostBrokerGets503(EmbeddedKafkaBroker shared) throws Exception {
        GatewayFixture.createTopics(shared);
        EmbeddedKafkaBroker doomed = EmbeddedKafkaBroker.builder().build().start();
        try (SchemaRegistryServer registry = GatewayFixture.startRegistry(shared)) {
            GatewayFixture.createTopics(doomed);
            List<String> events = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                events.add(nodeEvent("bp:" + i, "edge-1", now, 1));
            }
            var settings = GatewayFixture.settings(shared, registry,
                    IngestGatewayConfig.BOOTSTRAP_SERVERS, doomed.bootstrapServers(),
                    IngestGatewayConfig.MAX_BATCH_EVENTS, 10, IngestGatewayConfig.MAX_PENDING_EVENTS, 15,
                    IngestGatewayConfig.ACK_TIMEOUT_MS, 4_000L, IngestGatewayConfig.RETRY_AFTER_SECONDS, 7);
            try (IngestGateway gateway = GatewayFixture.start(settings)) {
                // Warm the serializers' schema ids while the broker still runs.
                assertThat(postJson(gateway, batch("bp", List.of(nodeEvent("bp:warm", "edge-1", now, 1)))).accepted())
                        .isEqualTo(1);
                doomed.close();

                CompletableFuture<GatewayFixture.Answer> stuck = CompletableFuture.supplyAsync(() -> {
                    try {
                        return postJson(gateway, batch("bp", events));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(5)).until(() -> bufferDepth(gateway) >= 10);
                GatewayFixture.Answer rejected = postJson(gateway, batch("bp", events));
                GatewayFixture.Answer unavailable = stuck.get();

                assertThat(rejected.status()).isEqualTo(429);
                assertThat(rejected.response().headers().firstValue("Retry-After")).contains("7");
                assertThat(rejected.body().path("error").asText()).contains("ingest.max.pending.events = 15");
                assertThat(unavailable.status()).isEqualTo(503);
                assertThat(unavailable.response().headers().firstValue("Retry-After")).contains("7");
                assertThat(unavailable.accepted()).isZero();
                assertThat(unavailable.body().path("rejected")).hasSize(10);
                assertThat(unavailable.body().path("rejected").get(0).path("code").asText()).isEqualTo("kafka-unavailable");
            }
        } finally {
            doomed.close();
        }
    }

    private static double bufferDepth(IngestGateway gateway) throws Exception {
        HttpResponse<String> metrics = GatewayFixture.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(line -> line.startsWith("edgeplane_ingest_buffer_depth "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
