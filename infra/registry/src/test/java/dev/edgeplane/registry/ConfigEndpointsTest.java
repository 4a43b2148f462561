package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class ConfigEndpointsTest {

    private static SchemaRegistryServer server;
    private static RegistryHttp http;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers()).topic("_schemas-config").port(0).build().start();
        http = new RegistryHttp(server.url());
    }

    @AfterEach
    void restoreGlobalLevel() {
        // Tests share the server, and the global level applies to every subject.
        http.put("/config", "{\"compatibility\":\"BACKWARD\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void globalLevelDefaultsToBackward() {
        RegistryHttp.Reply reply = http.get("/config");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void putGlobalLevelEchoesAndApplies() {
        RegistryHttp.Reply put = http.put("/config", "{\"compatibility\":\"full_transitive\"}");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
        assertThat(http.get("/config/any-value?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("FULL_TRANSITIVE");
    }

    @Test
    void subjectLevelOverridesGlobal() {
        RegistryHttp.Reply unset = http.get("/config/sensor-value");
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(unset.message()).contains("sensor-value").contains("defaultToGlobal");

        RegistryHttp.Reply put = http.put("/config/sensor-value", "{\"compatibility\":\"NONE\"}");
        assertThat(put.json().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(http.get("/config/sensor-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        http.register("sensor-value", Schemas.NAME_ONLY);
        assertThat(http.post("/subjects/sensor-value/versions", RegistryHttp.schemaBody(Schemas.NAME_AS_INT)).status())
                .as("NONE lets an incompatible schema through").isEqualTo(200);
    }

    @Test
    void deleteSubjectLevelFallsBackToGlobal() {
        http.put("/config/removed-value", "{\"compatibility\":\"FORWARD\"}");

        RegistryHttp.Reply deleted = http.delete("/config/removed-value");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
        assertThat(http.get("/config/removed-value").errorCode()).isEqualTo(40408);
        assertThat(http.delete("/config/removed-value").errorCode()).isEqualTo(40401);
    }

    @Test
    void invalidLevelsAreRejected() {
        RegistryHttp.Reply unknown = http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorCode()).isEqualTo(42203);
        assertThat(unknown.message()).contains("SIDEWAYS").contains("FULL_TRANSITIVE");

        RegistryHttp.Reply missing = http.put("/config/missing-field-value", "{}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorCode()).isEqualTo(42203);
        assertThat(missing.message()).contains("'compatibility'");

        RegistryHttp.Reply malformed = http.put("/config", "compatibility=FULL");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).as("unchanged").isEqualTo("BACKWARD");
    }

    @Test
    void compatibilityLevelFieldIsAcceptedOnPut() {
        RegistryHttp.Reply put = http.put("/config", "{\"compatibilityLevel\":\"FORWARD\"}");

        assertThat(put.status()).isEqualTo(200);
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
    }
}
