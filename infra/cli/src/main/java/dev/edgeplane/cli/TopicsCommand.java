package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.schemas.catalog.BrokerUnreachableException;
import dev.edgeplane.schemas.catalog.ProvisioningReport;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicProvisioner;
import dev.edgeplane.schemas.catalog.TopicProvisioningException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane topics}: creates the missing topics of the {@link TopicCatalog} on a Kafka cluster
 * and verifies the existing ones. Prints one line per topic and exits 0 when every topic matches the
 * catalog, 1 when a topic drifted, is missing or could not be created, and 2 when the cluster could
 * not be reached.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates the missing Edgeplane topics on a Kafka cluster and verifies the existing ones against the "
                + "topic catalog. An existing topic that differs is reported as drift and left unchanged: no topic is "
                + "altered or deleted.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Every topic exists as the catalog declares it.",
            "1:A topic drifted, is missing (with --verify-only) or could not be created.",
            "2:The cluster could not be reached or read, or an option is invalid."})
public final class TopicsCommand implements Callable<Integer> {

    /** Exit code when every topic matches the catalog. */
    public static final int EXIT_OK = 0;

    /** Exit code when a topic drifted, is missing or could not be created. */
    public static final int EXIT_MISMATCH = 1;

    /** Exit code when the cluster could not be reached or read. */
    public static final int EXIT_UNREACHABLE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT",
            description = "Kafka broker address to connect to; a comma-separated list is allowed.")
    String bootstrapServer;

    @Option(names = "--verify-only", description = "Report the topics without creating missing ones.")
    boolean verifyOnly;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "15000",
            description = "Maximum wait for each response of the cluster, in milliseconds (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        ProvisioningReport report;
        try {
            report = run();
        } catch (BrokerUnreachableException e) {
            return unreachable(err, e.getMessage());
        } catch (KafkaException e) {
            // Admin.create fails this way when no bootstrap address resolves.
            return unreachable(err, rootMessage(e));
        } catch (TopicProvisioningException e) {
            err.println("Cannot read the topics of Kafka at " + bootstrapServer + ": " + e.getMessage());
            err.println("Check that this client may describe and create topics there.");
            err.flush();
            return EXIT_UNREACHABLE;
        }

        out.println("Kafka at " + bootstrapServer + ": " + report.brokerCount() + (report.brokerCount() == 1 ? " broker" : " brokers"));
        new TopicReportPrinter(out).print(report, verifyOnly);
        out.flush();
        return report.isConsistent() ? EXIT_OK : EXIT_MISMATCH;
    }

    private ProvisioningReport run() {
        Duration timeout = Duration.ofMillis(timeoutMs);
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer,
                AdminClientConfig.CLIENT_ID_CONFIG, "edgeplane-topics",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs));
        try {
            TopicProvisioner provisioner = new TopicProvisioner(admin, timeout);
            return verifyOnly ? provisioner.verify(TopicCatalog.all()) : provisioner.provision(TopicCatalog.all());
        } finally {
            admin.close(timeout);
        }
    }

    private int unreachable(PrintWriter err, String reason) {
        err.println("Cannot reach Kafka at " + bootstrapServer + ": " + reason);
        err.println("Check that a broker runs there (./edgeplane broker starts one) and that " + bootstrapServer
                + " is the client listener it advertises.");
        err.flush();
        return EXIT_UNREACHABLE;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private void checkOptions() {
        String reason = BootstrapServers.invalidReason(bootstrapServer);
        if (reason != null) {
            throw new ParameterException(spec.commandLine(), "Invalid --bootstrap-server '" + bootstrapServer + "': " + reason
                    + ". Give HOST:PORT, e.g. 127.0.0.1:9092.");
        }
        if (timeoutMs < 1 || timeoutMs > Integer.MAX_VALUE) {
            throw new ParameterException(spec.commandLine(), "Invalid --timeout-ms " + timeoutMs + ": use 1 to "
                    + Integer.MAX_VALUE + " milliseconds.");
        }
    }
}
