package dev.edgeplane.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeplane broker}: runs a single-node KRaft Kafka broker until Ctrl-C. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka broker (KRaft, combined broker and controller) on 127.0.0.1 and "
                + "prints its bootstrap address. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.")
final class BrokerCommand implements Callable<Integer> {

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
        System.out.println("Kafka broker listening on " + broker.bootstrapServers() + " (data in " + broker.dataDir() + ")");
        System.out.println("bootstrap.servers=" + broker.bootstrapServers());
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();

        stopped.await();
        return 0;
    }
}
