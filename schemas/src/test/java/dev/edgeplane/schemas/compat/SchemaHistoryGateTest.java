package dev.edgeplane.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.edgeplane.schemas.EventSchemas;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicSpec;
import dev.edgeplane.schemas.testing.AvroRoundTrip;
import dev.edgeplane.schemas.testing.SampleEvents;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility gate. Every current event schema must be compatible with all its released
 * versions under the mode its topic declares in the topic catalog. It must be released itself, and
 * real records must cross between it and every released version in both directions.
 */
class SchemaHistoryGateTest {

    static Stream<Arguments> samples() {
        return SampleEvents.all().stream().map(sample -> Arguments.of(Named.of(sample.getSchema().getName(), sample)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void currentSchemaPassesModeAgainstHistory(SpecificRecord sample) {
        Schema current = sample.getSchema();
        SchemaHistory history = SchemaHistory.load(current.getName());
        TopicSpec topic = topicOf(current);

        List<CompatibilityViolation> violations = CompatibilityChecker.check(topic.compatibility(), current,
                history.versions());

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

    /** Returns the topic whose values are records of {@code schema}; the gate enforces that topic's mode. */
    private static TopicSpec topicOf(Schema schema) {
        return TopicCatalog.all().stream()
                .filter(topic -> topic.valueRecord().equals(schema.getFullName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No topic in the catalog carries " + schema.getFullName()));
    }

    @Test
    void catalogNamesOnlyVersionedEvents() {
        List<String> events = EventSchemas.all().stream().map(Schema::getFullName).toList();

        assertThat(TopicCatalog.all()).extracting(TopicSpec::valueRecord).containsExactlyElementsOf(events);
    }

    @Test
    void samplesCoverEveryEvent() {
        List<Class<?>> sampled = SampleEvents.all().stream().<Class<?>>map(Object::getClass).toList();

        assertThat(sampled).containsExactlyElementsOf(EventSchemas.EVENT_CLASSES);
    }
}
