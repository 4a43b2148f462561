package dev.edgeplane.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import dev.edgeplane.registry.CompatibilityLevel;
import org.junit.jupiter.api.Test;

class StoreCodecTest {

    @Test
    void schemaVersionRoundTrips() {
        StoreEntry.SchemaVersion version = new StoreEntry.SchemaVersion("nodes-value", 3, 17, "\"string\"", true);

        assertThat(StoreCodec.decode(StoreCodec.key(version), StoreCodec.value(version))).isEqualTo(version);
        assertThat(utf8(StoreCodec.key(version))).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"nodes-value\",\"version\":3,\"magic\":1}");
    }

    @Test
    void compatibilitySettingsRoundTrip() {
        StoreEntry.CompatibilityConfig global = new StoreEntry.CompatibilityConfig(null, CompatibilityLevel.FULL);
        StoreEntry.CompatibilityConfig removed = new StoreEntry.CompatibilityConfig("nodes-value", null);

        assertThat(StoreCodec.decode(StoreCodec.key(global), StoreCodec.value(global))).isEqualTo(global);
        assertThat(StoreCodec.value(removed)).as("a removed setting is a tombstone").isNull();
        assertThat(StoreCodec.decode(StoreCodec.key(removed), null)).isEqualTo(removed);
    }

    @Test
    void schemaTombstoneIsRemovedVersion() {
        byte[] key = StoreCodec.key(new StoreEntry.SchemaVersion("nodes-value", 2, 5, "\"int\"", false));

        assertThat(StoreCodec.decode(key, null)).isEqualTo(new StoreEntry.RemovedVersion("nodes-value", 2));
    }

    @Test
    void otherKeyTypesAreIgnored() {
        assertThat(StoreCodec.decode(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null)).isEqualTo(new StoreEntry.Ignored("NOOP"));
    }

    @Test
    void malformedRecordsAreRejected() {
        assertThatThrownBy(() -> StoreCodec.decode(bytes("[]"), bytes("{}"))).isInstanceOf(StoreCodec.InvalidStoreRecordException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> StoreCodec.decode(bytes("{\"keytype\":\"SCHEMA\"}"), bytes("{\"subject\":\"a\"}")))
                .isInstanceOf(StoreCodec.InvalidStoreRecordException.class);
        assertThatThrownBy(() -> StoreCodec.decode(bytes("{\"keytype\":\"SCHEMA\"}"),
                bytes("{\"subject\":\"a\",\"version\":1,\"id\":1,\"schema\":\"x\",\"schemaType\":\"JSON\"}")))
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> StoreCodec.decode(bytes("{\"keytype\":\"CONFIG\"}"), bytes("{\"compatibilityLevel\":\"ODD\"}")))
                .hasMessageContaining("ODD");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
