package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@WithKafkaBroker
class CompatibilityModesTest {

    private static SchemaRegistryServer server;
    private static RegistryHttp http;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers()).topic("_schemas-compatibility").port(0).build()
                .start();
        http = new RegistryHttp(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * One case per level: the history registered first (under NONE), a schema the level accepts, a
     * schema it rejects, and the Avro incompatibility type the rejection must name.
     */
    static Stream<Arguments> levels() {
        return Stream.of(
                // The new reader has no default for 'age', which the old writer lacks.
                Arguments.of("BACKWARD", List.of(Schemas.NAME_ONLY), Schemas.AGE_WITH_DEFAULT, Schemas.AGE_REQUIRED,
                        "READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1"),
                // Latest (age with default) passes; version 1 (no age) fails.
                Arguments.of("BACKWARD_TRANSITIVE", List.of(Schemas.NAME_ONLY, Schemas.AGE_WITH_DEFAULT), Schemas.AGE_WITH_DEFAULT.replace(
                        "\"default\":0", "\"default\":7"), Schemas.AGE_REQUIRED, "READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1"),
                // The old reader needs 'age' without a default; the new writer drops it.
                Arguments.of("FORWARD", List.of(Schemas.AGE_REQUIRED), Schemas.AGE_WITH_DEFAULT, Schemas.NAME_ONLY,
                        "READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1"),
                // Latest (age with default) reads data without age; version 1 (age required) cannot.
                Arguments.of("FORWARD_TRANSITIVE", List.of(Schemas.AGE_REQUIRED, Schemas.AGE_WITH_DEFAULT), Schemas.AGE_REQUIRED_WITH_EMAIL,
                        Schemas.NAME_ONLY,
                        "READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1"),
                Arguments.of("FULL", List.of(Schemas.NAME_ONLY), Schemas.AGE_WITH_DEFAULT, Schemas.NAME_AS_INT, "TYPE_MISMATCH",
                        "/fields/0/type"),
                // Dropping 'age' is fine for the latest (which has a default) but not for version 1.
                Arguments.of("FULL_TRANSITIVE", List.of(Schemas.AGE_REQUIRED, Schemas.AGE_WITH_DEFAULT), Schemas.AGE_WITH_DEFAULT.replace(
                        "\"default\":0", "\"default\":7"), Schemas.NAME_ONLY, "READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("levels")
    void levelAcceptsAndRejects(String level, List<String> history, String accepted, String rejected, String errorType, String location) {
        String subject = "level-" + level.toLowerCase() + "-value";
        http.setLevel(subject, "NONE");
        history.forEach(schema -> http.register(subject, schema));
        http.setLevel(subject, level);

        RegistryHttp.Reply check = http.post("/compatibility/subjects/" + subject + "/versions?verbose=true", RegistryHttp.schemaBody(rejected));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages")).extracting(JsonNode::asText)
                .anySatisfy(message -> assertThat(message).contains("errorType:'" + errorType + "'").contains(location))
                .contains("{compatibility: '" + level + "'}");

        RegistryHttp.Reply refused = http.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(rejected));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.message()).contains(subject).contains(level).contains(errorType).contains(location);

        RegistryHttp.Reply passing = http.post("/compatibility/subjects/" + subject + "/versions", RegistryHttp.schemaBody(accepted));
        assertThat(passing.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(passing.json().has("messages")).as("messages only when verbose").isFalse();
        int id = http.register(subject, accepted);
        assertThat(http.get("/subjects/" + subject + "/versions/latest").json().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void noneAcceptsAnyValidSchema() {
        // NONE has no failing schema: only an invalid one is refused, and that is a 422, not a 409.
        String subject = "level-none-value";
        http.setLevel(subject, "NONE");
        http.register(subject, Schemas.NAME_ONLY);

        RegistryHttp.Reply check = http.post("/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
                RegistryHttp.schemaBody(Schemas.NAME_AS_INT));
        assertThat(check.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(check.json().get("messages")).isEmpty();
        http.register(subject, Schemas.NAME_AS_INT);
        assertThat(http.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody("{\"type\":\"nothing\"}")).status())
                .isEqualTo(422);
    }

    @Test
    void versionCheckUsesOnlyThatVersion() {
        String subject = "by-version-value";
        http.setLevel(subject, "NONE");
        http.register(subject, Schemas.NAME_ONLY);
        http.register(subject, Schemas.NAME_AS_INT);
        http.setLevel(subject, "BACKWARD");
        String body = RegistryHttp.schemaBody(Schemas.AGE_WITH_DEFAULT);

        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/1", body).json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/latest", body).json().get("is_compatible").asBoolean())
                .isFalse();
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/9", body).errorCode()).isEqualTo(40402);
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/zero", body).errorCode()).isEqualTo(42202);
        assertThat(http.post("/compatibility/subjects/unknown-check-value/versions/1", body).errorCode()).isEqualTo(40401);
        assertThat(http.post("/compatibility/subjects/unknown-check-value/versions/latest", body).json().get("is_compatible").asBoolean())
                .as("nothing to be incompatible with").isTrue();
    }

    @Test
    void verboseCheckReportsInvalidSchema() {
        RegistryHttp.Reply verbose = http.post("/compatibility/subjects/invalid-check-value/versions/latest?verbose=true",
                RegistryHttp.schemaBody("{\"type\":\"record\"}"));
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages").get(0).asText()).startsWith("Invalid schema");

        RegistryHttp.Reply terse = http.post("/compatibility/subjects/invalid-check-value/versions/latest",
                RegistryHttp.schemaBody("{\"type\":\"record\"}"));
        assertThat(terse.status()).isEqualTo(422);
        assertThat(terse.errorCode()).isEqualTo(42201);
    }

    @Test
    void globalLevelAppliesWithoutSubjectLevel() {
        String subject = "global-level-value";
        http.register(subject, Schemas.NAME_ONLY);

        assertThat(http.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(Schemas.AGE_REQUIRED)).status())
                .as("the default global level is BACKWARD").isEqualTo(409);
        assertThat(http.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(Schemas.AGE_WITH_DEFAULT)).status())
                .isEqualTo(200);
    }
}
