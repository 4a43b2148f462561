package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class BrokerBenchmarkTest {

    private static final BenchmarkSettings SMALL = new BenchmarkSettings(5_000, 512);

    @Test
    void runReportsFiguresOnOwnBroker() {
        StringWriter progress = new StringWriter();

        BenchmarkResult result = new BrokerBenchmark().run(SMALL, new PrintWriter(progress));

        assertThat(progress.toString()).startsWith("Starting an in-process Kafka broker\nBroker ready at 127.0.0.1:");
        assertThat(progress.toString()).contains("Warming up with 1,000 records\n");
        assertThat(progress.toString()).containsPattern("Produced 5,000 records in [\\d,]+ ms: [\\d,]+ records/s, [\\d.]+ MB/s\n");
        assertThat(progress.toString()).containsPattern("Consumed 5,000 records in [\\d,]+ ms: [\\d,]+ records/s, [\\d.]+ MB/s\n");
        assertThat(result.line()).matches("bench=broker records=5000 record\\.bytes=512 partitions=6 acks=all batch\\.bytes=65536 "
                + "linger\\.ms=5 produce\\.records\\.per\\.sec=\\d+ produce\\.mb\\.per\\.sec=\\d+\\.\\d\\d produce\\.ms=\\d+ "
                + "consume\\.records\\.per\\.sec=\\d+ consume\\.mb\\.per\\.sec=\\d+\\.\\d\\d consume\\.ms=\\d+");
        assertThat(Double.parseDouble(result.figures().get("produce.records.per.sec"))).isPositive();
        assertThat(Double.parseDouble(result.figures().get("consume.records.per.sec"))).isPositive();
    }

    @Test
    void measureOnRunningBrokerDeletesItsTopics(EmbeddedKafkaBroker broker) throws Exception {
        BrokerThroughput throughput = BrokerBenchmark.measure(broker.bootstrapServers(), SMALL, new PrintWriter(new StringWriter()));

        assertThat(throughput.records()).isEqualTo(5_000);
        assertThat(throughput.recordBytes()).isEqualTo(512);
        assertThat(throughput.produceNanos()).isPositive();
        assertThat(throughput.consumeNanos()).isPositive();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(name -> name.startsWith("edgeplane.bench."));
        }
    }

    @Test
    void throughputDerivesRatesFromTimes() {
        BrokerThroughput throughput = new BrokerThroughput(1_000, 1_024, 1_000_000_000L, 500_000_000L);

        assertThat(throughput.produceRecordsPerSec()).isEqualTo(1_000.0);
        assertThat(throughput.produceMbPerSec()).isEqualTo(1_000 * 1_024 / 1_048_576.0);
        assertThat(throughput.consumeRecordsPerSec()).isEqualTo(2_000.0);
        assertThat(throughput.consumeMbPerSec()).isEqualTo(2 * 1_000 * 1_024 / 1_048_576.0);
    }
}
