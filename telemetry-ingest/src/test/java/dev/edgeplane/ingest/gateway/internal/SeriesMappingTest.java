package dev.edgeplane.ingest.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.telemetry.LinkLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesMappingTest {

    @TempDir
    Path folder;

    private SeriesMapping load(String json) throws IOException {
        Path file = folder.resolve("mapping.json");
        Files.writeString(file, json);
        return SeriesMapping.load(file.toString());
    }

    @Test
    void builtInMappingLoads() {
        SeriesMapping mapping = SeriesMapping.load("");

        assertThat(mapping.sourceId()).isEqualTo("prometheus");
        assertThat(mapping.mappings()).extracting(SeriesMapping.EventMapping::type)
                .containsExactly(EventType.NODE_METRICS, EventType.LINK_LATENCY, EventType.REPLICA_METRICS);
    }

    @Test
    void unknownUnitIsRejected() {
        assertThatThrownBy(() -> load("""
                {"sourceId": "p", "mappings": [{"event": "link-latency",
                  "labels": {"sourceNode": "src", "targetNode": "dst"},
                  "fields": {"rttMicros": {"series": "rtt", "unit": "fortnights"},
                             "probeCount": {"series": "probes"}, "lossRatio": {"series": "loss"}}}]}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mappings[0]: fields.rttMicros.unit \"fortnights\" is not a known unit");
    }

    @Test
    void unitOfOtherDimensionIsRejected() {
        assertThatThrownBy(() -> load("""
                {"sourceId": "p", "mappings": [{"event": "link-latency",
                  "labels": {"sourceNode": "src", "targetNode": "dst"},
                  "fields": {"rttMicros": {"series": "rtt", "unit": "bytes"},
                             "probeCount": {"series": "probes"}, "lossRatio": {"series": "loss"}}}]}"""))
                .hasMessageContaining("fields.rttMicros.unit bytes does not convert into the field's unit us");
    }

    @Test
    void uncoveredRequiredFieldIsRejected() {
        assertThatThrownBy(() -> load("""
                {"sourceId": "p", "mappings": [{"event": "link-latency",
                  "labels": {"sourceNode": "src", "targetNode": "dst"},
                  "fields": {"rttMicros": {"series": "rtt", "unit": "s"}}}]}"""))
                .hasMessageContaining("field probeCount of link-latency has no default");
    }

    @Test
    void secondsAreConvertedAndLabelPatternApplies() throws IOException {
        SeriesMapper mapper = new SeriesMapper(load("""
                {"sourceId": "p", "mappings": [{"event": "link-latency",
                  "labels": {"sourceNode": {"label": "instance", "pattern": "([^:]+):\\\\d+"}, "targetNode": "dst"},
                  "constants": {"probeCount": 3},
                  "fields": {"rttMicros": {"series": "rtt", "unit": "s"}, "lossRatio": {"series": "loss", "default": 0}}}]}"""));

        SeriesMapper.Mapped mapped = mapper.map(List.of(new TimeSeries(
                Map.of("__name__", "rtt", "instance", "edge-1:9100", "dst", "edge-2"), new double[] {0.0025},
                new long[] {1_000L})));

        assertThat(mapped.batch().rejections()).isEmpty();
        LinkLatency event = (LinkLatency) mapped.batch().candidates().get(0).record();
        assertThat(event.getSourceNode()).isEqualTo("edge-1");
        assertThat(event.getRttMicros()).isEqualTo(2500.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(event.getProbeCount()).isEqualTo(3);
        assertThat(mapped.batch().candidates().get(0).id()).isEqualTo("prometheus:link-latency:edge-1/edge-2@1000");
    }
}
