package dev.edgeplane.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class KnownSettingsTest {

    private final KnownSettings settings = KnownSettings.of("anomaly", List.of("window.size.ms", "window.grace.ms"))
            .withNames(List.of("bootstrap.servers"))
            .withPrefixes("consumer.", "producer.");

    @Test
    void knownNamesAndPrefixesPass() {
        assertThatCode(() -> settings.check(Map.of("window.size.ms", "2000", "consumer.max.poll.records", "10",
                "bootstrap.servers", "127.0.0.1:9092"))).doesNotThrowAnyException();
    }

    @Test
    void misspelledKeyNamesNearest() {
        assertThatThrownBy(() -> settings.check(Map.of("window.size.m", "2000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown anomaly setting 'window.size.m'. Did you mean 'window.size.ms'?");
    }

    @Test
    void unrelatedKeyHasNoSuggestion() {
        assertThatThrownBy(() -> settings.check(Map.of("colour", "blue")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown anomaly setting 'colour': no anomaly setting has that name");
    }

    @Test
    void nearestPicksClosestName() {
        assertThat(settings.nearest("window.grace.m")).contains("window.grace.ms");
        assertThat(settings.nearest("bootstrap.server")).contains("bootstrap.servers");
        assertThat(settings.nearest("x")).isEmpty();
    }
}
