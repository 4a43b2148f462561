package dev.edgeplane.lb.act.node;

import static dev.edgeplane.lb.act.node.NodeWeightsViewTest.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.lb.act.iptables.IptablesApplierConfig;
import dev.edgeplane.lb.act.iptables.IptablesCommandException;
import dev.edgeplane.lb.act.iptables.NatTable;
import dev.edgeplane.lb.act.iptables.NodeRuleApplier;
import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.internal.CommandRunner;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node applier from the weights topic of a real broker to real iptables rules inside a
 * network namespace that the test creates and deletes. Skipped unless the test runs as root.
 */
@WithKafkaBroker
class NodeApplierServiceNetnsTest {

    private static final ServicePort WEB = new ServicePort(new ServiceKey("city", "web"), "", Protocol.TCP);
    private static final CommandRunner RUNNER = new CommandRunner(10_000);

    private static String namespace;
    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        assumeTrue(RUNNER.run(List.of("id", "-u"), "").strip().equals("0"),
                "Skipped: the node applier test creates a network namespace, which needs root");
        assumeTrue(onPath("iptables-restore") && onPath("iptables-save"),
                "Skipped: iptables-restore and iptables-save are missing; install the Debian package iptables");
        String name = "edgeplane-apply-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            RUNNER.run(List.of("ip", "netns", "add", name), "");
        } catch (IptablesCommandException e) {
            assumeTrue(false, "Skipped: network namespaces are not supported here (" + e.getMessage() + ")");
        }
        namespace = name;
        broker.createTopicsIfAbsent(2, List.of(TopicCatalog.LB_WEIGHTS.name()));
        registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-lb-apply").port(0).build().start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (namespace != null) {
            RUNNER.run(List.of("ip", "netns", "delete", namespace), "");
        }
    }

    @Test
    void appliesOwnNodeWeights(EmbeddedKafkaBroker broker) {
        loadKubeProxyRules();
        publish(broker, "city/web@edge-netns", weights("edge-netns", 7, "10.1.0.1:8080", 0.7, "10.1.0.2:8080", 0.3));
        publish(broker, "city/web@edge-2", weights("edge-2", 7, "10.1.0.1:8080", 0.1, "10.1.0.2:8080", 0.9));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (NodeApplierService service = NodeApplierService.start(settings(broker), applier(), meters,
                Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertShares(Map.of("10.1.0.1:8080", 0.7, "10.1.0.2:8080", 0.3)));

            publish(broker, "city/web@edge-netns", weights("edge-netns", 8, "10.1.0.1:8080", 0.2, "10.1.0.2:8080", 0.8));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertShares(Map.of("10.1.0.1:8080", 0.2, "10.1.0.2:8080", 0.8)));

            publish(broker, "city/web@edge-netns", weights("edge-netns", 6, "10.1.0.1:8080", 1.0));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(meters.counter("edgeplane.lb.node.records", "status", "stale").count()).isEqualTo(1.0));
            assertShares(Map.of("10.1.0.1:8080", 0.2, "10.1.0.2:8080", 0.8));
            assertThat(service.isRunning()).isTrue();
        }

        NatTable after = save();
        assertThat(after.hasChain(WEB.edgeplaneChain())).isFalse();
        assertThat(after.rules(WEB.kubeProxyChain())).hasSize(2);
        assertThat(after.rules(WEB.kubeProxyChain())).noneMatch(rule -> WEB.edgeplaneChain().equals(rule.target()));
        assertThat(meters.get("edgeplane.lb.node.generation").gauge().value()).isEqualTo(8.0);
    }

    private static Map<String, Object> settings(EmbeddedKafkaBroker broker) {
        return Map.of(
                NodeApplierConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                NodeApplierConfig.SCHEMA_REGISTRY_URL, registry.url(),
                NodeApplierConfig.NODE, "edge-netns",
                NodeApplierConfig.APPLY_INTERVAL_MS, 50L);
    }

    private static NodeRuleApplier applier() {
        return new NodeRuleApplier(IptablesApplierConfig.from(Map.of(
                IptablesApplierConfig.RESTORE_COMMAND, inNamespace("iptables-restore"),
                IptablesApplierConfig.SAVE_COMMAND, inNamespace("iptables-save"))));
    }

    private static void publish(EmbeddedKafkaBroker broker, String key, ServiceWeights weights) {
        String topic = TopicCatalog.LB_WEIGHTS.name();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
                SpecificAvroSerializer<ServiceWeights> serializer = new SpecificAvroSerializer<>()) {
            serializer.configure(Map.of(NodeApplierConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, weights)));
            producer.flush();
        }
    }

    /** Empties the namespace's nat table and loads a kube-proxy-like chain for the web service. */
    private static void loadKubeProxyRules() {
        String web = WEB.kubeProxyChain();
        RUNNER.run(inNamespace("iptables-restore"), "*nat\n"
                + ":PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:" + web + " - [0:0]\n"
                + "-A OUTPUT -j KUBE-SERVICES\n"
                + "-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -j " + web + "\n"
                + "-A " + web + " -p tcp -m statistic --mode random --probability 0.50000000000"
                + " -j DNAT --to-destination 10.1.0.1:8080\n"
                + "-A " + web + " -p tcp -j DNAT --to-destination 10.1.0.2:8080\n"
                + "COMMIT\n");
    }

    private static void assertShares(Map<String, Double> expected) {
        NatTable table = save();
        assertThat(table.rules(WEB.kubeProxyChain()).get(0).target()).isEqualTo(WEB.edgeplaneChain());
        Map<String, Double> shares = table.walkShares(WEB.edgeplaneChain());
        assertThat(shares).hasSameSizeAs(expected);
        expected.forEach((destination, weight) ->
                assertThat(shares.get(destination)).as(destination).isCloseTo(weight, within(1e-6)));
    }

    private static NatTable save() {
        List<String> command = new ArrayList<>(inNamespace("iptables-save"));
        command.addAll(List.of("-t", "nat"));
        return NatTable.parse(RUNNER.run(command, ""));
    }

    private static List<String> inNamespace(String program) {
        return List.of("ip", "netns", "exec", namespace, program);
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(folder, program).canExecute()) {
                return true;
            }
        }
        return new File("/usr/sbin", program).canExecute();
    }
}
