package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.kafka.health.BrokerHealthCheck;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** The registry's broker health check, against a broker of its own that the test stops. */
class RegistryBrokerHealthTest {

    @Test
    void lostBrokerLogsWarn() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        String bootstrap = broker.bootstrapServers();
        try (CapturedLog log = new CapturedLog(BrokerHealthCheck.class.getName());
                SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(bootstrap)
                        .topic("_schemas-health").port(0)
                        .set(SchemaRegistryServerConfig.HEALTH_CHECK_INTERVAL_MS_CONFIG, 300L).build().start()) {
            // Three checks pass while the broker runs.
            await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5))
                    .until(() -> log.messages(Level.WARN).isEmpty());

            broker.close();

            await().atMost(Duration.ofSeconds(20)).until(() -> !log.messages(Level.WARN).isEmpty());
            List<String> warnings = log.messages(Level.WARN);
            assertThat(warnings.get(0)).startsWith("edgeplane-registry-_schemas-health cannot reach the Kafka cluster at "
                    + bootstrap + ": ");
            // The next WARN is due after a minute, so a few more failed checks add none.
            await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5))
                    .until(() -> log.messages(Level.WARN).size() == 1);
            assertThat(registry.url()).startsWith("http://127.0.0.1:");
        } finally {
            broker.close();
        }
    }
}
