package dev.edgeplane.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.schemas.catalog.TopicOutcome.Status;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the provisioner against a broker of its own, because one test creates the real catalog topics. */
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class TopicProvisionerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final EmbeddedKafkaBroker broker;
    private Admin admin;

    TopicProvisionerTest(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void createAdmin() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    private static TopicSpec deleteSpec(String name, int partitions) {
        return TopicSpec.builder(name).key(TopicKey.NODE).valueRecord("dev.edgeplane.event.test.Sample")
                .partitions(partitions).deleteAfter(Duration.ofDays(3)).build();
    }

    private static TopicSpec compactSpec(String name, int partitions) {
        return TopicSpec.builder(name).key(TopicKey.NODE).valueRecord("dev.edgeplane.event.test.Sample")
                .partitions(partitions).compacted().build();
    }

    @Test
    void provisionCreatesCatalogThenVerifiesIt() throws Exception {
        TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT);

        ProvisioningReport first = provisioner.provision(TopicCatalog.all());
        ProvisioningReport second = provisioner.provision(TopicCatalog.all());

        assertThat(first.topics(Status.CREATED)).containsExactlyElementsOf(TopicCatalog.names());
        assertThat(first.isConsistent()).isTrue();
        assertThat(second.topics(Status.VERIFIED)).containsExactlyElementsOf(TopicCatalog.names());
        assertThat(second.isConsistent()).isTrue();
        assertThat(second.drifts()).isEmpty();

        TopicDescription placements = admin.describeTopics(List.of("edgeplane.cluster.placements")).allTopicNames().get()
                .get("edgeplane.cluster.placements");
        assertThat(placements.partitions()).hasSize(TopicCatalog.PLACEMENTS.partitions());
        assertThat(placements.partitions().get(0).replicas()).hasSize(1);
        Config config = topicConfig("edgeplane.cluster.placements");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        assertThat(topicConfig("edgeplane.audit.actions").get("retention.ms").value())
                .isEqualTo(String.valueOf(Duration.ofDays(365).toMillis()));
    }

    @Test
    void singleBrokerCapsReplicationInReport() {
        TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT);

        ProvisioningReport report = provisioner.provision(List.of(deleteSpec("edgeplane.capped.first", 1),
                deleteSpec("edgeplane.capped.second", 1)));

        assertThat(report.brokerCount()).isEqualTo(1);
        assertThat(report.replicationCap()).hasValueSatisfying(cap -> {
            assertThat(cap.topics()).containsExactly("edgeplane.capped.first", "edgeplane.capped.second");
            assertThat(cap.message()).isEqualTo("The cluster has 1 broker, fewer than the declared replication factor 3: "
                    + "replication factor and min.insync.replicas are capped at 1 for 2 topics. Run at least 3 brokers in production.");
        });
        assertThat(report.withStatus(Status.CREATED)).extracting(TopicOutcome::detail).containsOnly(
                "1 partitions, replication factor 1, min.insync.replicas 1, cleanup.policy delete, retention.ms 259200000");
    }

    @Test
    void driftIsReportedAndNothingIsDeleted() throws Exception {
        createTopic("edgeplane.drift.partitions", 2, Map.of("cleanup.policy", "delete", "retention.ms", "259200000",
                "min.insync.replicas", "1"));
        createTopic("edgeplane.drift.policy", 4, Map.of("cleanup.policy", "delete", "min.insync.replicas", "1"));
        createTopic("edgeplane.drift.configs", 1, Map.of("retention.ms", "3600000", "min.insync.replicas", "2"));
        produce("edgeplane.drift.partitions", 5);
        produce("edgeplane.drift.policy", 3);
        List<TopicSpec> specs = List.of(deleteSpec("edgeplane.drift.partitions", 6), compactSpec("edgeplane.drift.policy", 4),
                deleteSpec("edgeplane.drift.configs", 1));

        ProvisioningReport report = new TopicProvisioner(admin, TIMEOUT).provision(specs);

        assertThat(report.topics(Status.DRIFTED))
                .containsExactly("edgeplane.drift.partitions", "edgeplane.drift.policy", "edgeplane.drift.configs");
        assertThat(report.isConsistent()).isFalse();
        assertThat(report.drifts()).extracting(TopicDrift::message).containsExactly(
                "Topic edgeplane.drift.partitions: partitions is 2, expected 6",
                "Topic edgeplane.drift.policy: cleanup.policy is delete, expected compact",
                "Topic edgeplane.drift.configs: retention.ms is 3600000, expected 259200000",
                "Topic edgeplane.drift.configs: min.insync.replicas is 2, expected 1");
        assertThat(report.drifts().get(0)).isEqualTo(new TopicDrift("edgeplane.drift.partitions", "partitions", "6", "2"));

        assertThat(admin.listTopics().names().get()).contains("edgeplane.drift.partitions", "edgeplane.drift.policy");
        assertThat(recordCount("edgeplane.drift.partitions")).isEqualTo(5);
        assertThat(recordCount("edgeplane.drift.policy")).isEqualTo(3);
        assertThat(topicConfig("edgeplane.drift.policy").get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(admin.describeTopics(List.of("edgeplane.drift.partitions")).allTopicNames().get()
                .get("edgeplane.drift.partitions").partitions()).hasSize(2);
    }

    @Test
    void verifyOnlyReportsMissingWithoutCreating() throws Exception {
        createTopic("edgeplane.verify.present", 2, Map.of("cleanup.policy", "delete", "retention.ms", "259200000",
                "min.insync.replicas", "1"));

        ProvisioningReport report = new TopicProvisioner(admin, TIMEOUT)
                .verify(List.of(deleteSpec("edgeplane.verify.present", 2), deleteSpec("edgeplane.verify.absent", 2)));

        assertThat(report.topics(Status.VERIFIED)).containsExactly("edgeplane.verify.present");
        assertThat(report.topics(Status.MISSING)).containsExactly("edgeplane.verify.absent");
        assertThat(report.isConsistent()).isFalse();
        assertThat(admin.listTopics().names().get()).doesNotContain("edgeplane.verify.absent");
    }

    @Test
    void topicCreatedConcurrentlyIsVerified() {
        TopicSpec spec = deleteSpec("edgeplane.race.created-elsewhere", 3);
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        // Another client creates the topic between the provisioner's listing and its create request.
        try (Admin racingAdmin = new ForwardingAdmin(config) {
            @Override
            public CreateTopicsResult createTopics(Collection<NewTopic> newTopics, CreateTopicsOptions options) {
                try {
                    super.createTopics(newTopics, options).all().get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new AssertionError("Creating the topics ahead of the provisioner failed", e);
                }
                return super.createTopics(newTopics, options);
            }
        }) {
            ProvisioningReport report = new TopicProvisioner(racingAdmin, TIMEOUT).provision(List.of(spec));

            assertThat(report.topics(Status.VERIFIED)).containsExactly("edgeplane.race.created-elsewhere");
            assertThat(report.withStatus(Status.FAILED)).isEmpty();
        }
    }

    @Test
    void unreachableBrokerRaisesBrokerUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 800);

        try (Admin unreachable = Admin.create(config)) {
            TopicProvisioner provisioner = new TopicProvisioner(unreachable, Duration.ofSeconds(1));

            assertThatThrownBy(() -> provisioner.provision(TopicCatalog.all()))
                    .isInstanceOf(BrokerUnreachableException.class)
                    .hasMessageStartingWith("Describing the Kafka cluster failed: ");
        }
    }

    @Test
    void duplicateSpecsAreRejected() {
        TopicSpec spec = deleteSpec("edgeplane.dup.topic", 1);

        assertThatThrownBy(() -> new TopicProvisioner(admin, TIMEOUT).provision(List.of(spec, spec)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Topic edgeplane.dup.topic is given twice; give each topic once.");
    }

    private void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        // The controller acknowledges the creation before the broker's metadata cache has it; on a loaded
        // machine a describe right after can still answer "unknown topic".
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(name)).allTopicNames().get().containsKey(name));
    }

    private void produce(String topic, int records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "node-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private long recordCount(String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    private Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
