package dev.edgeplane.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.schemas.catalog.CompatibilityMode;
import dev.edgeplane.schemas.compat.CompatibilityViolation.Direction;
import dev.edgeplane.schemas.testing.AvroRoundTrip;
import dev.edgeplane.schemas.testing.SampleEvents;
import dev.edgeplane.schemas.testing.SchemaVariants;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** The gate must catch breaking changes and let compatible evolution through, with readable messages. */
class CompatibilityCheckerTest {

    private static final Schema NODE_METRICS = NodeMetrics.getClassSchema();
    private static final Schema NODE_HEALTH = NodeHealth.getClassSchema();

    @Test
    void fieldAddedWithoutDefaultBreaksBackward() {
        Schema candidate = SchemaVariants.withField(NODE_METRICS,
                "{\"name\": \"gpuUsedRatio\", \"type\": \"double\", \"doc\": \"GPU use, a ratio.\"}");

        List<CompatibilityViolation> violations = CompatibilityChecker.check(
                CompatibilityMode.FULL_TRANSITIVE, candidate, List.of(NODE_METRICS));

        assertThat(violations).hasSize(1);
        CompatibilityViolation violation = violations.get(0);
        assertThat(violation.direction()).isEqualTo(Direction.BACKWARD);
        assertThat(violation.type()).isEqualTo(SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE);
        assertThat(violation.fieldPath()).isEqualTo("gpuUsedRatio");
        assertThat(violation.describe()).isEqualTo("dev.edgeplane.event.telemetry.NodeMetrics breaks BACKWARD"
                + " compatibility (part of FULL_TRANSITIVE) with version 1: the new schema cannot read data written"
                + " with version 1. At field 'gpuUsedRatio' (/fields/11): reader field 'gpuUsedRatio' has no default"
                + " value and the writer does not have it; give the field a default.");
    }

    @Test
    void fieldRemovedWithoutDefaultBreaksForward() {
        Schema candidate = SchemaVariants.withoutField(NODE_METRICS, "podCount");

        List<CompatibilityViolation> violations = CompatibilityChecker.check(
                CompatibilityMode.FULL_TRANSITIVE, candidate, List.of(NODE_METRICS));

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).direction()).isEqualTo(Direction.FORWARD);
        assertThat(violations.get(0).fieldPath()).isEqualTo("podCount");
        assertThat(violations.get(0).describe())
                .contains("breaks FORWARD compatibility (part of FULL_TRANSITIVE) with version 1")
                .contains("readers still on version 1 cannot read data written with the new schema")
                .contains("field 'podCount'");
    }

    @Test
    void enumSymbolRemovedWithDefaultRemovedBreaksBackward() {
        Schema candidate = SchemaVariants.edit(NODE_HEALTH, root -> {
            ObjectNode stateEnum = (ObjectNode) SchemaVariants.field(root, "state").get("type");
            ArrayNode symbols = (ArrayNode) stateEnum.get("symbols");
            symbols.remove(symbols.size() - 1);
            stateEnum.remove("default");
        });

        List<CompatibilityViolation> violations = CompatibilityChecker.check(
                CompatibilityMode.FULL_TRANSITIVE, candidate, List.of(NODE_HEALTH));

        assertThat(violations).extracting(CompatibilityViolation::type)
                .containsOnly(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
        assertThat(violations).extracting(CompatibilityViolation::direction).contains(Direction.BACKWARD);
        assertThat(violations.get(0).fieldPath()).isEqualTo("state");
        assertThat(violations.get(0).describe())
                .contains("dev.edgeplane.event.state.NodeHealth breaks BACKWARD compatibility (part of FULL_TRANSITIVE)")
                .contains("field 'state'")
                .contains("[RECOVERING]");
    }

    @Test
    void typeChangeInNestedRecordNamesFieldPath() {
        Schema candidate = SchemaVariants.edit(NODE_METRICS, root -> {
            ObjectNode source = (ObjectNode) SchemaVariants.field(root, "source").get("type");
            SchemaVariants.field(source, "id").put("type", "long");
        });

        List<CompatibilityViolation> violations = CompatibilityChecker.check(
                CompatibilityMode.BACKWARD, candidate, List.of(NODE_METRICS));

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).type()).isEqualTo(SchemaIncompatibilityType.TYPE_MISMATCH);
        assertThat(violations.get(0).fieldPath()).isEqualTo("source.id");
    }

    @Test
    void addedEnumSymbolReadsAsDefault() {
        Schema candidate = SchemaVariants.edit(NODE_HEALTH, root -> {
            ObjectNode stateEnum = (ObjectNode) SchemaVariants.field(root, "state").get("type");
            ((ArrayNode) stateEnum.get("symbols")).add("MAINTENANCE");
        });

        assertThat(CompatibilityChecker.check(CompatibilityMode.FULL_TRANSITIVE, candidate, List.of(NODE_HEALTH)))
                .isEmpty();

        GenericData generic = AvroRoundTrip.genericModel();
        GenericRecord written = (GenericRecord) AvroRoundTrip.read(AvroRoundTrip.write(NODE_HEALTH,
                SampleEvents.nodeHealth(), SpecificData.getForSchema(NODE_HEALTH)), NODE_HEALTH, candidate, generic);
        written.put("state", new GenericData.EnumSymbol(candidate.getField("state").schema(), "MAINTENANCE"));
        NodeHealth read = (NodeHealth) AvroRoundTrip.read(AvroRoundTrip.write(candidate, written, generic), candidate,
                NODE_HEALTH, SpecificData.getForSchema(NODE_HEALTH));
        assertThat(read.getState()).isEqualTo(NodeHealthState.UNKNOWN);
        assertThat(read.getNode()).isEqualTo("edge-harbor-1");
    }

    @Test
    void addedOptionalFieldReadsAsNull() {
        Schema candidate = SchemaVariants.withField(NODE_METRICS, "{\"name\": \"gpuUsedRatio\","
                + " \"type\": [\"null\", \"double\"], \"default\": null, \"doc\": \"GPU use, a ratio.\"}");

        assertThat(CompatibilityChecker.check(CompatibilityMode.FULL_TRANSITIVE, candidate, List.of(NODE_METRICS)))
                .isEmpty();

        GenericData generic = AvroRoundTrip.genericModel();
        NodeMetrics sample = SampleEvents.nodeMetrics();
        GenericRecord asNew = (GenericRecord) AvroRoundTrip.read(AvroRoundTrip.write(NODE_METRICS, sample,
                SpecificData.getForSchema(NODE_METRICS)), NODE_METRICS, candidate, generic);
        assertThat(asNew.get("gpuUsedRatio")).isNull();
        assertThat(asNew.get("podCount")).isEqualTo(17);

        asNew.put("gpuUsedRatio", 0.5);
        NodeMetrics asOld = (NodeMetrics) AvroRoundTrip.read(AvroRoundTrip.write(candidate, asNew, generic), candidate,
                NODE_METRICS, SpecificData.getForSchema(NODE_METRICS));
        assertThat(asOld).isEqualTo(sample);
    }

    @Test
    void transitiveModeChecksEveryVersion() {
        Schema v1 = SchemaVariants.withField(NODE_METRICS, "{\"name\": \"zone\", \"type\": \"string\", \"doc\": \"d\"}");
        Schema v2 = SchemaVariants.withField(NODE_METRICS,
                "{\"name\": \"zone\", \"type\": \"string\", \"default\": \"\", \"doc\": \"d\"}");
        Schema v3 = NODE_METRICS;

        assertThat(CompatibilityChecker.check(CompatibilityMode.FULL, v3, List.of(v1, v2))).isEmpty();

        List<CompatibilityViolation> violations = CompatibilityChecker.check(
                CompatibilityMode.FULL_TRANSITIVE, v3, List.of(v1, v2));
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).version()).isEqualTo(1);
        assertThat(violations.get(0).direction()).isEqualTo(Direction.FORWARD);
        assertThat(violations.get(0).fieldPath()).isEqualTo("zone");
    }

    @Test
    void modesCheckTheirDirectionsOnly() {
        Schema addedRequired = SchemaVariants.withField(NODE_METRICS,
                "{\"name\": \"zone\", \"type\": \"string\", \"doc\": \"d\"}");

        assertThat(CompatibilityChecker.check(CompatibilityMode.NONE, addedRequired, List.of(NODE_METRICS))).isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityMode.FORWARD, addedRequired, List.of(NODE_METRICS)))
                .isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityMode.FORWARD_TRANSITIVE, addedRequired,
                List.of(NODE_METRICS))).isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityMode.BACKWARD, addedRequired, List.of(NODE_METRICS)))
                .hasSize(1);
        assertThat(CompatibilityChecker.check(CompatibilityMode.BACKWARD_TRANSITIVE, addedRequired,
                List.of(NODE_METRICS))).hasSize(1);
        assertThat(CompatibilityChecker.check(CompatibilityMode.FULL, addedRequired, List.of(NODE_METRICS)))
                .hasSize(1);
        assertThat(CompatibilityChecker.check(CompatibilityMode.FULL_TRANSITIVE, addedRequired, List.of()))
                .isEmpty();
    }

    @Test
    void modeParsesIgnoringCase() {
        assertThat(CompatibilityChecker.parseMode("full_transitive")).isEqualTo(CompatibilityMode.FULL_TRANSITIVE);
        assertThat(CompatibilityChecker.parseMode(" Backward ")).isEqualTo(CompatibilityMode.BACKWARD);
        assertThatThrownBy(() -> CompatibilityChecker.parseMode("FULLY"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid compatibility mode 'FULLY': use one of NONE, BACKWARD, BACKWARD_TRANSITIVE,"
                        + " FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }

    @Test
    void historyLoadRejectsMissingRecord() {
        assertThatThrownBy(() -> SchemaHistory.load("NoSuchEvent"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No released version of NoSuchEvent: expected avro-history/NoSuchEvent/v1.avsc on the"
                        + " class path; add the schema as its first version");
    }
}
