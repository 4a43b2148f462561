package dev.edgeplane.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import dev.edgeplane.schemas.EventSchemas;
import dev.edgeplane.schemas.testing.AvroRoundTrip;
import dev.edgeplane.schemas.testing.SampleEvents;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility gate: every current event schema must be compatible with all its released
 * versions under its topic's mode, must be released itself, and must exchange real records with
 * every released version in both directions.
 */
class SchemaHistoryGateTest {

    // NOTE: every topic declares FULL_TRANSITIVE for now. Read the mode from the topic catalog once
    // it is in this module, so that the gate and the registry always check the same mode.
    private static final CompatibilityMode TOPIC_MODE = CompatibilityMode.FULL_TRANSITIVE;

    static List<SpecificRecord> samples() {
        return SampleEvents.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void currentSchemaPassesModeAgainstHistory(SpecificRecord sample) {
        Schema current = sample.getSchema();
        SchemaHistory history = SchemaHistory.load(current.getName());

        List<CompatibilityViolation> violations = CompatibilityChecker.check(TOPIC_MODE, current, history.versions());

        assertThat(violations)
                .as(() -> violations.stream().map(CompatibilityViolation::describe).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void currentSchemaIsReleased(SpecificRecord sample) {
        Schema current = sample.getSchema();
        SchemaHistory history = SchemaHistory.load(current.getName());

        assertThat(history.latest())
                .as("%s differs from its newest released version %d: once it passes the gate, save it as %s",
                        current.getName(), history.latestVersion(),
                        SchemaHistory.resourcePath(current.getName(), history.latestVersion() + 1))
                .isEqualTo(current);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void recordsCrossEveryReleasedVersion(SpecificRecord sample) {
        Schema current = sample.getSchema();
        GenericData specific = SpecificData.getForSchema(current);
        GenericData generic = AvroRoundTrip.genericModel();

        for (Schema released : SchemaHistory.load(current.getName()).versions()) {
            Object asReleased = AvroRoundTrip.read(AvroRoundTrip.write(current, sample, specific), current, released,
                    generic);
            assertThat(AvroRoundTrip.project(asReleased, released))
                    .as("new -> released for %s", current.getName())
                    .isEqualTo(AvroRoundTrip.project(sample, released));

            Object backToCurrent = AvroRoundTrip.read(AvroRoundTrip.write(released, asReleased, generic), released,
                    current, specific);
            assertThat(backToCurrent).isInstanceOf(sample.getClass());
            assertThat(AvroRoundTrip.project(backToCurrent, released))
                    .as("released -> new for %s", current.getName())
                    .isEqualTo(AvroRoundTrip.project(sample, released));
        }
    }

    @Test
    void samplesCoverEveryEvent() {
        List<Class<?>> sampled = samples().stream().<Class<?>>map(Object::getClass).toList();

        assertThat(sampled).containsExactlyElementsOf(EventSchemas.EVENT_CLASSES);
    }
}
