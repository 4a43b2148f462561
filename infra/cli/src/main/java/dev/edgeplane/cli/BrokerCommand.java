package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.schemas.catalog.ProvisioningReport;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgeplane broker}: runs a single-node KRaft Kafka broker until Ctrl-C. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka broker (KRaft, combined broker and controller) on 127.0.0.1 and "
                + "prints its bootstrap address. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.")
final class BrokerCommand implements Callable<Integer> {

    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Client listener port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "0",
            description = "KRaft controller listener port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder for the broker's logs, kept after exit and reused on the next start. "
                    + "Without it, a temporary folder is used and deleted on exit.")
    Path dataDir;

    @Option(names = "--create-topics",
            description = "After the start, create the topics of Edgeplane's topic catalog (as 'edgeplane topics' does).")
    boolean createTopics;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().brokerPort(port).controllerPort(controllerPort);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        EmbeddedKafkaBroker broker = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "edgeplane-broker-shutdown"));

        broker.start();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Kafka broker listening on " + broker.bootstrapServers() + " (data in " + broker.dataDir() + ")");
        out.println("bootstrap.servers=" + broker.bootstrapServers());
        if (createTopics) {
            ProvisioningReport report = provisionCatalog(broker.bootstrapServers());
            new TopicReportPrinter(out).print(report, false);
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();

        stopped.await();
        return 0;
    }

    private static ProvisioningReport provisionCatalog(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "edgeplane-broker-topics"))) {
            return new TopicProvisioner(admin, PROVISION_TIMEOUT).provision(TopicCatalog.all());
        }
    }
}
