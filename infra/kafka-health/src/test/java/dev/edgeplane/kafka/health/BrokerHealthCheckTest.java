package dev.edgeplane.kafka.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.kafka.health.BrokerReachability.Kind;
import org.junit.jupiter.api.Test;

class BrokerHealthCheckTest {

    @Test
    void reachabilityWarnsOncePerInterval() {
        BrokerReachability reachability = new BrokerReachability(60_000);

        assertThat(reachability.reached(0).kind()).isEqualTo(Kind.NONE);
        assertThat(reachability.failed(1_000).kind()).isEqualTo(Kind.LOST);
        assertThat(reachability.failed(2_000).kind()).isEqualTo(Kind.NONE);
        assertThat(reachability.failed(61_000)).isEqualTo(new BrokerReachability.Change(Kind.STILL_LOST, 60_000, 3));
        assertThat(reachability.failed(62_000).kind()).isEqualTo(Kind.NONE);
        assertThat(reachability.isReachable()).isFalse();
        assertThat(reachability.reached(70_000)).isEqualTo(new BrokerReachability.Change(Kind.BACK, 69_000, 4));
        assertThat(reachability.reached(71_000).kind()).isEqualTo(Kind.NONE);
        assertThat(reachability.isReachable()).isTrue();
    }

    @Test
    void checkSeesBrokerGoAway() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        try (BrokerHealthCheck check = BrokerHealthCheck.start("test", Map.of("bootstrap.servers",
                broker.bootstrapServers()), Duration.ofMillis(300), Duration.ofSeconds(60))) {
            await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5)).until(check::isReachable);

            broker.close();

            await().atMost(Duration.ofSeconds(20)).until(() -> !check.isReachable());
        } finally {
            broker.close();
        }
    }
}
