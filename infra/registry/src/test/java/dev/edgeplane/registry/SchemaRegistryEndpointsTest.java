package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class SchemaRegistryEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SchemaRegistryServer server;
    private static RegistryHttp http;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers()).topic("_schemas-endpoints").port(0).build().start();
        http = new RegistryHttp(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void registerReturnsIdAndReusesIt() {
        int id = http.register("reuse-value", Schemas.NAME_ONLY);
        String reformatted = Schemas.NAME_ONLY.replace(",", " ,\n  ");

        assertThat(http.register("reuse-value", Schemas.NAME_ONLY)).isEqualTo(id);
        assertThat(http.register("reuse-value", reformatted)).as("whitespace does not change the schema").isEqualTo(id);
        assertThat(http.register("reuse-other-value", Schemas.NAME_ONLY)).as("same schema, other subject").isEqualTo(id);
        assertThat(http.get("/subjects/reuse-value/versions").json()).hasSize(1);
        assertThat(http.get("/subjects/reuse-other-value/versions/1").json().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void registerAnswersWithRegistryMediaType() {
        RegistryHttp.Reply reply = http.post("/subjects/media-value/versions", RegistryHttp.schemaBody(Schemas.NAME_ONLY));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo(RegistryHttp.V1_JSON);
        assertThat(reply.json().fieldNames()).toIterable().containsExactly("id");
    }

    @Test
    void registerAcceptsPlainJsonMediaTypes() {
        String body = RegistryHttp.schemaBody(Schemas.NAME_ONLY);

        assertThat(http.post("/subjects/plain-json-value/versions", body, "application/json").status()).isEqualTo(200);
        assertThat(http.post("/subjects/plain-json-value/versions", body, "application/vnd.schemaregistry+json; charset=utf-8").status())
                .isEqualTo(200);
        RegistryHttp.Reply rejected = http.post("/subjects/plain-json-value/versions", body, "text/plain");
        assertThat(rejected.status()).isEqualTo(415);
        assertThat(rejected.message()).contains("text/plain");
    }

    @Test
    void newVersionsGetNewIdsAndNumbers() {
        http.setLevel("versions-value", "NONE");
        int first = http.register("versions-value", Schemas.NAME_ONLY);
        int second = http.register("versions-value", Schemas.NAME_AS_INT);

        assertThat(second).isGreaterThan(first);
        assertThat(http.get("/subjects/versions-value/versions").json()).extracting(JsonNode::asInt).containsExactly(1, 2);
        JsonNode latest = http.get("/subjects/versions-value/versions/latest").json();
        assertThat(latest.get("subject").asText()).isEqualTo("versions-value");
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(second);
        assertThat(new Schema.Parser().parse(latest.get("schema").asText())).isEqualTo(new Schema.Parser().parse(Schemas.NAME_AS_INT));
        assertThat(http.get("/subjects/versions-value/versions/-1").json().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/subjects/versions-value/versions/1").json().get("id").asInt()).isEqualTo(first);
    }

    @Test
    void schemaRoutesReturnBareSchema() {
        int id = http.register("bare-value", Schemas.NAME_ONLY);
        Schema expected = new Schema.Parser().parse(Schemas.NAME_ONLY);

        RegistryHttp.Reply byId = http.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(byId.json().get("schema").asText())).isEqualTo(expected);
        assertThat(new Schema.Parser().parse(http.get("/schemas/ids/" + id + "/schema").body())).isEqualTo(expected);
        assertThat(new Schema.Parser().parse(http.get("/subjects/bare-value/versions/latest/schema").body())).isEqualTo(expected);
        assertThat(http.get("/schemas/types").json()).extracting(JsonNode::asText).containsExactly("AVRO");
    }

    @Test
    void unknownIdsAndSubjectsAreNotFound() {
        RegistryHttp.Reply schema = http.get("/schemas/ids/99999");
        assertThat(schema.status()).isEqualTo(404);
        assertThat(schema.errorCode()).isEqualTo(40403);
        assertThat(schema.message()).isEqualTo("Schema 99999 not found");

        RegistryHttp.Reply subject = http.get("/subjects/no-such-subject/versions");
        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.errorCode()).isEqualTo(40401);
        assertThat(subject.message()).isEqualTo("Subject 'no-such-subject' not found.");

        assertThat(http.get("/subjects/no-such-subject/versions/latest").errorCode()).isEqualTo(40401);
    }

    @Test
    void versionErrorsCarryTheirCodes() {
        http.register("version-errors-value", Schemas.NAME_ONLY);

        RegistryHttp.Reply missing = http.get("/subjects/version-errors-value/versions/7");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40402);
        assertThat(missing.message()).isEqualTo("Version 7 not found.");

        for (String invalid : List.of("0", "-2", "first", "99999999999")) {
            RegistryHttp.Reply reply = http.get("/subjects/version-errors-value/versions/" + invalid);
            assertThat(reply.status()).as(invalid).isEqualTo(422);
            assertThat(reply.errorCode()).as(invalid).isEqualTo(42202);
            assertThat(reply.message()).as(invalid).contains("'" + invalid + "'");
        }
    }

    @Test
    void lookupFindsRegisteredSchemaOnly() {
        int id = http.register("lookup-value", Schemas.NAME_ONLY);

        RegistryHttp.Reply found = http.post("/subjects/lookup-value", RegistryHttp.schemaBody(Schemas.NAME_ONLY));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("subject").asText()).isEqualTo("lookup-value");
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("schema").asText()).isEqualTo(new Schema.Parser().parse(Schemas.NAME_ONLY).toString());

        RegistryHttp.Reply otherSchema = http.post("/subjects/lookup-value", RegistryHttp.schemaBody(Schemas.AGE_WITH_DEFAULT));
        assertThat(otherSchema.status()).isEqualTo(404);
        assertThat(otherSchema.errorCode()).isEqualTo(40403);

        RegistryHttp.Reply otherSubject = http.post("/subjects/lookup-missing-value", RegistryHttp.schemaBody(Schemas.NAME_ONLY));
        assertThat(otherSubject.status()).isEqualTo(404);
        assertThat(otherSubject.errorCode()).isEqualTo(40401);
    }

    @Test
    void subjectsListsRegisteredSubjectsSorted() {
        http.register("list-b-value", Schemas.NAME_ONLY);
        http.register("list-a-value", Schemas.NAME_ONLY);

        JsonNode subjects = http.get("/subjects").json();

        assertThat(subjects).extracting(JsonNode::asText).contains("list-a-value", "list-b-value").isSorted();
    }

    @Test
    void subjectNamesAreDecodedFromThePath() {
        int id = http.register("city%2Fsensors%20value", Schemas.NAME_ONLY);

        assertThat(http.get("/subjects").json()).extracting(JsonNode::asText).contains("city/sensors value");
        assertThat(http.get("/subjects/city%2Fsensors%20value/versions/1").json().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void malformedJsonIsBadRequest() {
        RegistryHttp.Reply reply = http.post("/subjects/bad-json-value/versions", "{\"schema\": ");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo(400);
        assertThat(reply.message()).startsWith("Invalid JSON in the request body");

        RegistryHttp.Reply array = http.post("/subjects/bad-json-value/versions", "[1, 2]");
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.message()).contains("ARRAY");
    }

    @Test
    void invalidSchemasAreUnprocessable() {
        RegistryHttp.Reply notAvro = http.post("/subjects/invalid-value/versions", RegistryHttp.schemaBody("{\"type\":\"recrod\"}"));
        assertThat(notAvro.status()).isEqualTo(422);
        assertThat(notAvro.errorCode()).isEqualTo(42201);
        assertThat(notAvro.message()).startsWith("Invalid schema: ").contains("type");

        RegistryHttp.Reply badDefault = http.post("/subjects/invalid-value/versions", RegistryHttp.schemaBody(
                Schemas.record("{\"name\":\"age\",\"type\":\"int\",\"default\":\"none\"}")));
        assertThat(badDefault.errorCode()).isEqualTo(42201);

        RegistryHttp.Reply noSchema = http.post("/subjects/invalid-value/versions", "{\"schemaType\":\"AVRO\"}");
        assertThat(noSchema.status()).isEqualTo(422);
        assertThat(noSchema.errorCode()).isEqualTo(42201);
        assertThat(noSchema.message()).contains("'schema'");

        assertThat(http.get("/subjects/invalid-value/versions").errorCode()).as("nothing was registered").isEqualTo(40401);
    }

    @Test
    void otherSchemaTypesAndReferencesAreRejected() {
        RegistryHttp.Reply protobuf = http.post("/subjects/types-value/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\"; message A {}\"}");
        assertThat(protobuf.status()).isEqualTo(422);
        assertThat(protobuf.errorCode()).isEqualTo(42201);
        assertThat(protobuf.message()).contains("PROTOBUF").contains("AVRO");

        String withReference = "{\"schema\":" + JSON.valueToTree(Schemas.NAME_ONLY)
                + ",\"references\":[{\"name\":\"Other\",\"subject\":\"other\",\"version\":1}]}";
        RegistryHttp.Reply reference = http.post("/subjects/types-value/versions", withReference);
        assertThat(reference.errorCode()).isEqualTo(42201);
        assertThat(reference.message()).contains("references");

        String explicitAvro = "{\"schemaType\":\"AVRO\",\"schema\":" + JSON.valueToTree(Schemas.NAME_ONLY)
                + "}";
        assertThat(http.post("/subjects/types-value/versions", explicitAvro).status()).isEqualTo(200);
    }

    @Test
    void oversizedSchemasAreRejected() {
        String bigDoc = "x".repeat(1_200_000);
        String schema = "{\"type\":\"record\",\"name\":\"Big\",\"doc\":\"" + bigDoc + "\",\"fields\":[]}";

        RegistryHttp.Reply tooLargeRecord = http.post("/subjects/big-value/versions", RegistryHttp.schemaBody(schema));
        assertThat(tooLargeRecord.status()).isEqualTo(422);
        assertThat(tooLargeRecord.errorCode()).isEqualTo(42209);
        assertThat(tooLargeRecord.message()).contains("max.request.size");

        RegistryHttp.Reply tooLargeBody = http.post("/subjects/big-value/versions", RegistryHttp.schemaBody(schema + " ".repeat(4 * 1024 * 1024)));
        assertThat(tooLargeBody.status()).isEqualTo(413);
        assertThat(tooLargeBody.message()).contains("http.max.request.bytes");

        assertThat(http.register("big-value", Schemas.NAME_ONLY)).as("the registry still writes after a failed write").isPositive();
    }

    @Test
    void unknownRoutesAndMethodsAreRejected() {
        RegistryHttp.Reply unknown = http.get("/nothing/here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);

        RegistryHttp.Reply wrongMethod = http.put("/subjects", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.message()).contains("GET");

        assertThat(http.get("/").status()).isEqualTo(200);
    }

    @Test
    void softDeleteHidesVersionsButKeepsIds() {
        http.setLevel("delete-value", "NONE");
        int first = http.register("delete-value", Schemas.NAME_ONLY);
        http.register("delete-value", Schemas.NAME_AS_INT);

        RegistryHttp.Reply deletedVersion = http.delete("/subjects/delete-value/versions/1");
        assertThat(deletedVersion.status()).isEqualTo(200);
        assertThat(deletedVersion.json().asInt()).isEqualTo(1);
        assertThat(http.get("/subjects/delete-value/versions").json()).extracting(JsonNode::asInt).containsExactly(2);
        assertThat(http.get("/subjects/delete-value/versions/1").errorCode()).isEqualTo(40402);
        assertThat(http.get("/schemas/ids/" + first).status()).as("ids outlive deletion").isEqualTo(200);
        assertThat(http.get("/subjects/delete-value/versions?deleted=true").json()).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(http.get("/subjects/delete-value/versions/1?deleted=true").json().get("id").asInt()).isEqualTo(first);

        RegistryHttp.Reply deletedSubject = http.delete("/subjects/delete-value");
        assertThat(deletedSubject.json()).extracting(JsonNode::asInt).containsExactly(2);
        assertThat(http.get("/subjects").json()).extracting(JsonNode::asText).doesNotContain("delete-value");
        assertThat(http.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).contains("delete-value");
        assertThat(http.delete("/subjects/delete-value").errorCode()).isEqualTo(40404);

        assertThat(http.register("delete-value", Schemas.NAME_ONLY)).as("re-registering keeps the global id").isEqualTo(first);
        assertThat(http.get("/subjects/delete-value/versions").json()).extracting(JsonNode::asInt).containsExactly(3);
    }

    @Test
    void permanentDeleteIsRejected() {
        http.register("permanent-value", Schemas.NAME_ONLY);

        RegistryHttp.Reply reply = http.delete("/subjects/permanent-value?permanent=true");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorCode()).isEqualTo(42205);
        assertThat(http.get("/subjects/permanent-value/versions").status()).isEqualTo(200);
    }
}
