package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.edgeplane.schemas.catalog.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyApplicationMetricsTest {

    @TempDir
    Path stateDir;

    @Test
    void createRegistersMetricsBeforeStart() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (AnomalyApplication application = AnomalyApplication.create(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()), new InMemoryRegistry(), meters)) {

            Counter late = meters.find("edgeplane.anomaly.records.late").tag("topic", TopicCatalog.NODE_METRICS.name())
                    .counter();
            assertThat(late).isNotNull();
            assertThat(late.count()).isZero();
            assertThat(meters.find("edgeplane.anomaly.records.clamped").tag("topic", TopicCatalog.REPLICA_METRICS.name())
                    .counter()).isNotNull();
            assertThat(meters.getMeters()).map(meter -> meter.getId().getName())
                    .anyMatch(name -> name.startsWith("kafka.stream"));
            application.close(Duration.ofSeconds(5));
        }
    }
}
