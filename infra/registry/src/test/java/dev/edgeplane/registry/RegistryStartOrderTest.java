package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class RegistryStartOrderTest {

    private static final String SCHEMA = "{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"Probe\\\", "
            + "\\\"fields\\\": [{\\\"name\\\": \\\"node\\\", \\\"type\\\": \\\"string\\\"}]}\"}";

    @Test
    void failedSecondStartKeepsFirstWritable(EmbeddedKafkaBroker broker) throws Exception {
        try (SchemaRegistryServer first = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-order").port(0).build().start()) {
            int port = URI.create(first.url()).getPort();

            SchemaRegistryServer second = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                    .topic("_schemas-order").port(port).build();
            assertThatThrownBy(second::start).isInstanceOf(RegistryStartException.class).hasMessageContaining(String.valueOf(port));

            HttpResponse<String> response = register(first.url());
            assertThat(response.statusCode()).as("write after the failed start: %s", response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"id\"");
        }
    }

    private static HttpResponse<String> register(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/subjects/probe-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(SCHEMA))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
