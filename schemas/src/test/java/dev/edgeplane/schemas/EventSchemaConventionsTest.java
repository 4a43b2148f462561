package dev.edgeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Checks the house rules that every event schema follows, on the schemas compiled into the classes. */
class EventSchemaConventionsTest {

    private static final Pattern UNIT = Pattern.compile(
            "cores|CPUs|bytes|milliseconds|microseconds|count|counter|ratio|per second|unitless|from 0|unit|number");

    @Test
    void topLevelRecordsHaveAgreedNames() {
        List<String> names = EventSchemas.all().stream().map(Schema::getFullName).toList();

        assertThat(names).containsExactly(
                "dev.edgeplane.event.telemetry.NodeMetrics",
                "dev.edgeplane.event.telemetry.LinkLatency",
                "dev.edgeplane.event.telemetry.ReplicaMetrics",
                "dev.edgeplane.event.cluster.NodeInventory",
                "dev.edgeplane.event.cluster.PodPlacement",
                "dev.edgeplane.event.cluster.FogServiceInventory",
                "dev.edgeplane.event.state.NodeHealth",
                "dev.edgeplane.event.state.ReplicaScore",
                "dev.edgeplane.event.decision.RescheduleDecision",
                "dev.edgeplane.event.lb.ServiceWeights",
                "dev.edgeplane.event.audit.ActionAudit",
                "dev.edgeplane.event.deadletter.DeadLetter");
    }

    @Test
    void everyNamedTypeLivesInEventNamespace() {
        for (Schema named : namedTypes().values()) {
            assertThat(named.getNamespace()).as(named.getFullName()).startsWith("dev.edgeplane.event.");
            assertThat(named.getDoc()).as("doc of " + named.getFullName()).isNotBlank();
        }
    }

    @Test
    void everyFieldHasDoc() {
        for (Field field : fields()) {
            assertThat(field.field().doc()).as("doc of " + field).isNotBlank();
        }
    }

    @Test
    void numericFieldDocsNameUnit() {
        for (Field field : fields()) {
            Schema type = nonNull(field.field().schema());
            boolean numeric = switch (type.getType()) {
                case INT, LONG, FLOAT, DOUBLE -> type.getLogicalType() == null;
                default -> false;
            };
            if (numeric) {
                assertThat(UNIT.matcher(field.field().doc()).find()).as("unit in doc of " + field).isTrue();
            }
        }
    }

    @Test
    void everyEnumHasDefaultSymbol() {
        for (Schema named : namedTypes().values()) {
            if (named.getType() == Schema.Type.ENUM) {
                assertThat(named.getEnumDefault()).as("default symbol of " + named.getFullName()).isEqualTo("UNKNOWN");
            }
        }
    }

    @Test
    void optionalFieldsDefaultToNull() {
        for (Field field : fields()) {
            Schema type = field.field().schema();
            if (type.getType() == Schema.Type.UNION) {
                assertThat(type.getTypes()).as("union of " + field).hasSize(2);
                assertThat(type.getTypes().get(0).getType()).as("first branch of " + field).isEqualTo(Schema.Type.NULL);
                assertThat(field.field().defaultVal()).as("default of " + field).isEqualTo(JsonProperties.NULL_VALUE);
            }
        }
    }

    @Test
    void timeFieldsAreTimestampMillis() {
        for (Field field : fields()) {
            String name = field.field().name();
            boolean window = name.startsWith("window") && !name.endsWith("Ms");
            if (name.endsWith("Time") || name.equals("since") || window) {
                assertThat(nonNull(field.field().schema()).getLogicalType()).as("logical type of " + field)
                        .isEqualTo(LogicalTypes.timestampMillis());
            }
        }
    }

    @Test
    void telemetryCarriesEventTimeReceiveTimeAndSource() {
        for (Schema schema : EventSchemas.all()) {
            if (schema.getNamespace().endsWith(".telemetry")) {
                assertThat(schema.getField("eventTime")).as(schema.getName() + ".eventTime").isNotNull();
                assertThat(schema.getField("receiveTime")).as(schema.getName() + ".receiveTime").isNotNull();
                assertThat(schema.getField("source")).as(schema.getName() + ".source").isNotNull();
            }
        }
    }

    /**
     * Avro 1.12 decodes arrays into {@code GenericData.Array}, whose {@code equals} and
     * {@code hashCode} walk the elements with {@code GenericData.get()}. That model has no logical
     * type conversions, so a union branch holding an {@code Instant} fails there with "Unknown datum
     * type java.time.Instant", and comparing two decoded events would throw.
     */
    @Test
    void arrayElementsHaveNoOptionalLogicalTypes() {
        for (Field field : fields()) {
            Schema type = nonNull(field.field().schema());
            if (type.getType() == Schema.Type.ARRAY) {
                assertThat(optionalLogicalTypes(type.getElementType(), new HashSet<>()))
                        .as("optional logical types inside the elements of " + field)
                        .isEmpty();
            }
        }
    }

    private static List<String> optionalLogicalTypes(Schema schema, Set<String> visited) {
        List<String> found = new ArrayList<>();
        if (schema.getType() != Schema.Type.RECORD || !visited.add(schema.getFullName())) {
            return found;
        }
        for (Schema.Field field : schema.getFields()) {
            Schema type = field.schema();
            boolean optionalLogical = type.getType() == Schema.Type.UNION
                    && type.getTypes().stream().anyMatch(branch -> branch.getLogicalType() != null);
            if (optionalLogical) {
                found.add(schema.getName() + "." + field.name());
            }
            found.addAll(optionalLogicalTypes(nonNull(type), visited));
        }
        return found;
    }

    private record Field(Schema record, Schema.Field field) {
        @Override
        public String toString() {
            return record.getName() + "." + field.name();
        }
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst()
                .orElseThrow();
    }

    private static List<Field> fields() {
        List<Field> fields = new ArrayList<>();
        for (Schema named : namedTypes().values()) {
            if (named.getType() == Schema.Type.RECORD) {
                named.getFields().forEach(field -> fields.add(new Field(named, field)));
            }
        }
        return fields;
    }

    private static Map<String, Schema> namedTypes() {
        Map<String, Schema> named = new LinkedHashMap<>();
        EventSchemas.all().forEach(schema -> collect(schema, named));
        return named;
    }

    private static void collect(Schema schema, Map<String, Schema> named) {
        switch (schema.getType()) {
            case RECORD -> {
                if (named.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(field -> collect(field.schema(), named));
                }
            }
            case ENUM, FIXED -> named.putIfAbsent(schema.getFullName(), schema);
            case ARRAY -> collect(schema.getElementType(), named);
            case MAP -> collect(schema.getValueType(), named);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, named));
            default -> {
            }
        }
    }
}
