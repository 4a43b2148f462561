package dev.edgeplane.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock Prometheus (the Debian package's binary) scrapes a small exporter started here and
 * remote-writes to the gateway; Avro node metrics must arrive in Kafka. Prometheus listens on all
 * interfaces by default, so the test passes {@code --web.listen-address} on 127.0.0.1.
 */
@WithKafkaBroker
class PrometheusRemoteWriteTest {

    private static final String NODE = "edge-prom";

    @TempDir
    Path folder;

    @Test
    void stockPrometheusFeedsNodeMetrics(EmbeddedKafkaBroker broker) throws Exception {
        Optional<Path> binary = findOnPath("prometheus");
        Assumptions.assumeTrue(binary.isPresent(), "Skipped: no prometheus binary on PATH; install it with"
                + " apt-get install -y --no-install-recommends prometheus");
        GatewayFixture.createTopics(broker);

        HttpServer exporter = startExporter();
        Process prometheus = null;
        try (SchemaRegistryServer registry = GatewayFixture.startRegistry(broker);
                IngestGateway gateway = GatewayFixture.start(GatewayFixture.settings(broker, registry))) {
            Path config = writeConfig(exporter.getAddress().getPort(), gateway.port());
            int webPort = freePort();
            prometheus = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
                    "--web.listen-address=127.0.0.1:" + webPort, "--storage.tsdb.path=" + folder.resolve("data"))
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("prometheus.log").toFile())
                    .start();
            Process running = prometheus;

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(running.isAlive()).as("prometheus exited; its log:%n%s", log()).isTrue();
                assertThat(nodeRecords(broker)).isNotEmpty();
            });

            ConsumerRecord<byte[], byte[]> record = nodeRecords(broker).get(0);
            SpecificAvroDeserializer<NodeMetrics> reader = new SpecificAvroDeserializer<>();
            reader.configure(Map.of("schema.registry.url", registry.url()), false);
            NodeMetrics metrics = reader.deserialize(record.topic(), record.value());
            assertThat(metrics.getNode()).isEqualTo(NODE);
            assertThat(metrics.getCpuUsedCores()).isEqualTo(1.5);
            assertThat(metrics.getCpuCapacityCores()).isEqualTo(4.0);
            assertThat(metrics.getMemoryUsedBytes()).isEqualTo(2_147_483_648L);
            assertThat(metrics.getPodCount()).isEqualTo(9);
            assertThat(metrics.getRtBandwidthUsedCpus()).isEqualTo(0.0);
            assertThat(metrics.getSource().getKind()).isEqualTo(SourceKind.PROMETHEUS);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            exporter.stop(0);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> nodeRecords(EmbeddedKafkaBroker broker) {
        List<ConsumerRecord<byte[], byte[]>> records = GatewayFixture.records(broker, List.of(TopicCatalog.NODE_METRICS.name()));
        return records.stream()
                .filter(r -> GatewayFixture.eventIds(List.of(r)).get(0).startsWith("prometheus:node-metrics:" + NODE + "@"))
                .toList();
    }

    /** Serves the edgeplane:* series of one node in the Prometheus text format. */
    private static HttpServer startExporter() throws IOException {
        byte[] page = String.join("\n",
                "# TYPE edgeplane:node_cpu_used:cores gauge",
                "edgeplane:node_cpu_used:cores{node=\"" + NODE + "\"} 1.5",
                "edgeplane:node_cpu_capacity:cores{node=\"" + NODE + "\"} 4",
                "edgeplane:node_memory_used:bytes{node=\"" + NODE + "\"} 2147483648",
                "edgeplane:node_memory_capacity:bytes{node=\"" + NODE + "\"} 8589934592",
                "edgeplane:node_pods:count{node=\"" + NODE + "\"} 9",
                "").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        return server;
    }

    private Path writeConfig(int exporterPort, int gatewayPort) throws IOException {
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: edge",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + exporterPort + "']",
                "remote_write:",
                "  - url: http://127.0.0.1:" + gatewayPort + "/api/v1/write",
                "    queue_config:",
                "      min_shards: 1",
                "      max_shards: 1",
                "      batch_send_deadline: 1s",
                ""));
        return config;
    }

    private String log() throws IOException {
        Path log = folder.resolve("prometheus.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
