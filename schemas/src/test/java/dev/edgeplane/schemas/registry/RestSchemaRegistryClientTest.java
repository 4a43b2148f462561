package dev.edgeplane.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import dev.edgeplane.schemas.catalog.CompatibilityMode;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST client against the embedded registry. */
@WithKafkaBroker
class RestSchemaRegistryClientTest {

    private static final Schema NODE_V1 = SchemaBuilder.record("Node").namespace("dev.edgeplane.test").fields()
            .requiredString("name").endRecord();
    private static final Schema NODE_V2 = SchemaBuilder.record("Node").namespace("dev.edgeplane.test").fields()
            .requiredString("name").name("cpus").type().intType().intDefault(1).endRecord();
    private static final Schema NODE_REQUIRED_CPUS = SchemaBuilder.record("Node").namespace("dev.edgeplane.test").fields()
            .requiredString("name").requiredInt("cpus").endRecord();

    private static SchemaRegistryServer server;
    private static RestSchemaRegistryClient client;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers()).topic("_schemas-client").port(0).build().start();
        client = RestSchemaRegistryClient.forUrl(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void registerThenFetchById() {
        int id = client.register("edgeplane.cluster.nodes-value", NODE_V1);

        assertThat(client.getId("edgeplane.cluster.nodes-value", NODE_V1)).isEqualTo(id);
        assertThat(client.register("edgeplane.cluster.nodes-value", NODE_V1)).isEqualTo(id);
        assertThat(client.register("edgeplane.audit.nodes-value", NODE_V1)).as("same schema in another subject").isEqualTo(id);
        assertThat(RestSchemaRegistryClient.forUrl(server.url()).getSchemaById(id)).as("fetched by a client with a cold cache").isEqualTo(NODE_V1);
    }

    @Test
    void versionsAndLatest() {
        String subject = "versions-value";
        int first = client.register(subject, NODE_V1);
        int second = client.register(subject, NODE_V2);

        assertThat(client.getVersions(subject)).containsExactly(1, 2);
        assertThat(client.getVersion(subject, 1)).isEqualTo(new SubjectVersion(subject, 1, first, NODE_V1));
        assertThat(client.getLatestVersion(subject)).isEqualTo(new SubjectVersion(subject, 2, second, NODE_V2));
        assertThat(client.getSubjects()).contains(subject);
    }

    @Test
    void compatibilityWithVerboseMessages() {
        String subject = "compatibility-value";
        client.register(subject, NODE_V1);

        CompatibilityCheck rejected = client.testCompatibility(subject, NODE_REQUIRED_CPUS);
        assertThat(rejected.compatible()).isFalse();
        assertThat(rejected.messages()).anySatisfy(message -> assertThat(message).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("cpus"));

        CompatibilityCheck accepted = client.testCompatibility(subject, 1, NODE_V2);
        assertThat(accepted.compatible()).isTrue();
        assertThat(accepted.messages()).isEmpty();
    }

    @Test
    void incompatibleRegistrationIsConflict() {
        String subject = "conflict-value";
        client.register(subject, NODE_V1);

        assertThatThrownBy(() -> client.register(subject, NODE_REQUIRED_CPUS))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
                });
    }

    @Test
    void subjectAndGlobalLevels() {
        String subject = "levels-value";

        assertThat(client.getGlobalCompatibility()).isEqualTo(CompatibilityMode.BACKWARD);
        assertThat(client.getSubjectCompatibility(subject)).isEmpty();
        client.setSubjectCompatibility(subject, CompatibilityMode.FULL_TRANSITIVE);
        assertThat(client.getSubjectCompatibility(subject)).isEqualTo(Optional.of(CompatibilityMode.FULL_TRANSITIVE));
        assertThat(client.getGlobalCompatibility()).isEqualTo(CompatibilityMode.BACKWARD);
    }

    @Test
    void globalLevelCanBeSet(EmbeddedKafkaBroker broker) {
        try (SchemaRegistryServer own = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-client-global").port(0).build().start()) {
            RestSchemaRegistryClient ownClient = RestSchemaRegistryClient.forUrl(own.url());

            ownClient.setGlobalCompatibility(CompatibilityMode.NONE);

            assertThat(ownClient.getGlobalCompatibility()).isEqualTo(CompatibilityMode.NONE);
        }
    }

    @Test
    void errorsCarryRegistryCodes() {
        assertThatThrownBy(() -> client.getVersions("missing-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.getMessage()).contains("Subject 'missing-value' not found.");
                });
        client.register("lookup-value", NODE_V1);
        assertThatThrownBy(() -> client.getId("lookup-value", NODE_V2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> client.getSchemaById(987_654))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> client.getVersion("lookup-value", 5))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    }

    @Test
    void subjectNamesAreEncoded() {
        String subject = "city/zone 4+sensors";

        int id = client.register(subject, NODE_V1);

        assertThat(client.getSubjects()).contains(subject);
        assertThat(client.getLatestVersion(subject).id()).isEqualTo(id);
    }

    @Test
    void cachedCallsNeedNoRegistry(EmbeddedKafkaBroker broker) {
        RestSchemaRegistryClient cachingClient;
        int id;
        try (SchemaRegistryServer own = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-client-cache").port(0).build().start()) {
            cachingClient = new RestSchemaRegistryClient(Map.of("schema.registry.url", own.url(), "max.retries", "0"));
            id = cachingClient.register("cache-value", NODE_V1);
        }

        assertThat(cachingClient.register("cache-value", NODE_V1)).isEqualTo(id);
        assertThat(cachingClient.getId("cache-value", NODE_V1)).isEqualTo(id);
        assertThat(cachingClient.getSchemaById(id)).isEqualTo(NODE_V1);
        assertThatThrownBy(() -> cachingClient.getSchemaById(id + 1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).as("no response").isZero());
    }
}
