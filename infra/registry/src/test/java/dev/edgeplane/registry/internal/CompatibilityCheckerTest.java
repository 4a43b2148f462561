package dev.edgeplane.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.edgeplane.registry.CompatibilityLevel;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {

    private static final Schema COLOURS = AvroSchemas.parse("{\"type\":\"enum\",\"name\":\"Colour\",\"symbols\":[\"RED\",\"GREEN\"]}");
    private static final Schema FEWER_COLOURS = AvroSchemas.parse("{\"type\":\"enum\",\"name\":\"Colour\",\"symbols\":[\"RED\"]}");

    @Test
    void backwardFailureNamesSymbolsAndDirection() {
        List<String> messages = CompatibilityChecker.check(CompatibilityLevel.BACKWARD, FEWER_COLOURS, List.of(earlier(1, COLOURS)));

        assertThat(messages.get(0)).contains("errorType:'MISSING_ENUM_SYMBOLS'").contains("GREEN")
                .contains("The new schema lacks enum symbols");
        assertThat(messages).contains("{oldSchemaVersion: 1}", "{compatibility: 'BACKWARD'}");
    }

    @Test
    void forwardSwapsReaderAndWriter() {
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, FEWER_COLOURS, List.of(earlier(1, COLOURS)))).isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, COLOURS, List.of(earlier(1, FEWER_COLOURS))).get(0))
                .contains("The old schema lacks enum symbols");
    }

    @Test
    void firstFailingVersionIsReported() {
        List<CompatibilityChecker.Earlier> newestFirst = List.of(earlier(2, FEWER_COLOURS), earlier(1, COLOURS));

        List<String> messages = CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, FEWER_COLOURS, newestFirst);

        assertThat(messages).contains("{oldSchemaVersion: 1}").doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void noneChecksNothing() {
        Schema unrelated = AvroSchemas.parse("\"long\"");

        assertThat(CompatibilityChecker.check(CompatibilityLevel.NONE, unrelated, List.of(earlier(1, COLOURS)))).isEmpty();
    }

    private static CompatibilityChecker.Earlier earlier(int version, Schema schema) {
        return new CompatibilityChecker.Earlier(version, new StoredSchema(version, schema.toString(), schema));
    }
}
