package dev.edgeplane.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.edgeplane.bench.city.CityNodes;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.ProvisioningReport;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the in-process pieces of {@code edgeplane scheduler --embedded}. Each call blocks until its piece runs. */
final class EmbeddedCluster {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(30);

    private EmbeddedCluster() {
    }

    /** Starts a broker in this process; the caller closes it. */
    static EmbeddedKafkaBroker startBroker() {
        // The command's shutdown hook closes the broker after the components that use it.
        return EmbeddedKafkaBroker.builder().closeOnJvmShutdown(false).build().start();
    }

    /** Starts a schema registry on a free port that keeps its schemas in {@code _schemas}; the caller closes it. */
    static SchemaRegistryServer startRegistry(String bootstrapServers) {
        return SchemaRegistryServer.builder().bootstrapServers(bootstrapServers).port(0).build().start();
    }

    /** Creates the topics of the catalog that are missing; existing ones are left as they are. */
    static ProvisioningReport provisionTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "edgeplane-scheduler-topics"))) {
            return new TopicProvisioner(admin, PROVISION_TIMEOUT).provision(TopicCatalog.all());
        }
    }

    /**
     * Starts the simulated API with the city's nodes and the FogService CRD; the caller closes it.
     */
    static SimulatedKubernetes startKubernetes(CityTopology city) {
        // The Lease timings of a real cluster: the test defaults of the simulator renew every node's
        // Lease twice a second, which a city of nodes on a small machine cannot keep up with.
        SimulatedKubernetes kubernetes = SimulatedKubernetes.builder()
                .leaseRenewInterval(Duration.ofSeconds(10))
                .nodeMonitorGracePeriod(Duration.ofSeconds(40))
                .start();
        try {
            List<String> nodes = CityNodes.addAll(kubernetes, city);
            log.info("Simulated Kubernetes API at {} with {} nodes from the {} ({} intersections)",
                    kubernetes.masterUrl(), nodes.size(), city.source(), city.intersections().size());
            FogServiceManifests.applyCrd(kubernetes.client());
            return kubernetes;
        } catch (RuntimeException e) {
            kubernetes.close();
            throw e;
        }
    }
}
