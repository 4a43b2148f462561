package dev.edgeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.schemas.testing.AvroRoundTrip;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own Surefire execution, in a JVM without {@code org.apache.avro.SERIALIZABLE_PACKAGES},
 * as applications run: plain Avro rejects the generated classes there, and the serdes still work.
 */
@Tag("without-avro-trust-property")
class AvroTrustWithoutPropertyTest {

    @Test
    void serdesTrustGeneratedClassesOnTheirOwn() throws IOException {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES"))
                .as("this test must run in the Surefire execution without the trust property")
                .isNull();
        byte[] plain = AvroRoundTrip.write(NodeMetrics.getClassSchema(), SampleEvents.nodeMetrics(),
                AvroRoundTrip.genericModel());

        assertThatThrownBy(() -> new SpecificDatumReader<NodeMetrics>(NodeMetrics.class)
                .read(null, DecoderFactory.get().binaryDecoder(plain, null)))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("dev.edgeplane.event.telemetry");

        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        byte[] bytes = new SpecificAvroSerializer<NodeMetrics>(registry).serialize("t", SampleEvents.nodeMetrics());
        NodeMetrics read = new SpecificAvroDeserializer<>(registry, NodeMetrics.class).deserialize("t", bytes);
        assertThat(read).isEqualTo(SampleEvents.nodeMetrics());

        NodeMetrics plainRead = new SpecificDatumReader<NodeMetrics>(NodeMetrics.class)
                .read(null, DecoderFactory.get().binaryDecoder(plain, null));
        assertThat(plainRead).isEqualTo(SampleEvents.nodeMetrics());
    }
}
