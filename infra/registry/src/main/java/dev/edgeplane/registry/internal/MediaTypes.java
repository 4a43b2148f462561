package dev.edgeplane.registry.internal;

import java.util.Locale;
import java.util.Set;

/**
 * The media types of the Confluent Schema Registry API. Requests may send any of
 * {@link #ACCEPTED}; responses use {@link #V1_JSON} unless the client's Accept header lists only
 * for another accepted type.
 */
public final class MediaTypes {

    public static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    public static final String DEFAULT_JSON = "application/vnd.schemaregistry+json";
    public static final String JSON = "application/json";
    public static final Set<String> ACCEPTED = Set.of(V1_JSON, DEFAULT_JSON, JSON);

    private MediaTypes() {
    }

    /**
     * Checks the Content-Type of a request body; a missing header is taken as JSON.
     *
     * @throws ApiException with HTTP 415 for any other media type
     */
    public static void requireAcceptedContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String mediaType = baseType(contentType);
        if (!ACCEPTED.contains(mediaType)) {
            throw new ApiException(415, 415, "Unsupported Content-Type '" + contentType + "'; send " + V1_JSON + ".");
        }
    }

    /** Picks the response media type from an Accept header. */
    public static String responseType(String accept) {
        if (accept == null || accept.isBlank()) {
            return V1_JSON;
        }
        boolean json = false;
        boolean defaultJson = false;
        for (String range : accept.split(",")) {
            String type = baseType(range);
            if (type.equals(V1_JSON) || type.equals("*/*") || type.equals("application/*")) {
                return V1_JSON;
            }
            defaultJson |= type.equals(DEFAULT_JSON);
            json |= type.equals(JSON);
        }
        if (defaultJson) {
            return DEFAULT_JSON;
        }
        return json ? JSON : V1_JSON;
    }

    private static String baseType(String headerValue) {
        int semicolon = headerValue.indexOf(';');
        String type = semicolon < 0 ? headerValue : headerValue.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
