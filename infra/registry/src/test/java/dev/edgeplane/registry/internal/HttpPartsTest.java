package dev.edgeplane.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpPartsTest {

    @Test
    void percentDecodingKeepsPlusAndReadsUtf8() {
        assertThat(ApiRequest.percentDecode("a+b%2Fc")).isEqualTo("a+b/c");
        assertThat(ApiRequest.percentDecode("Z%C3%BCrich-%F0%9F%9A%A6")).isEqualTo("Zürich-\uD83D\uDEA6");
        assertThatThrownBy(() -> ApiRequest.percentDecode("bad%2")).isInstanceOf(ApiException.class).hasMessageContaining("bad%2");
        assertThatThrownBy(() -> ApiRequest.percentDecode("bad%zz")).isInstanceOf(ApiException.class);
    }

    @Test
    void responseTypeFollowsAccept() {
        assertThat(MediaTypes.responseType(null)).isEqualTo(MediaTypes.V1_JSON);
        assertThat(MediaTypes.responseType("application/json")).isEqualTo(MediaTypes.JSON);
        assertThat(MediaTypes.responseType("application/vnd.schemaregistry+json, application/json;q=0.5")).isEqualTo(MediaTypes.DEFAULT_JSON);
        assertThat(MediaTypes.responseType("application/json, */*")).isEqualTo(MediaTypes.V1_JSON);
    }

    @Test
    void versionIdsFollowTheApi() {
        assertThat(VersionId.parse("latest").isLatest()).isTrue();
        assertThat(VersionId.parse("-1").isLatest()).isTrue();
        assertThat(VersionId.parse("12").number()).isEqualTo(12);
        assertThatThrownBy(() -> VersionId.parse("0")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).errorCode()).isEqualTo(ApiErrors.INVALID_VERSION));
    }
}
