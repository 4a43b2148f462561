package dev.edgeplane.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks a {@code --registry} value before a registry client is created with it. */
final class RegistryUrls {

    private RegistryUrls() {
    }

    /**
     * Returns the reason {@code value} is not a comma-separated list of http or https URLs with a
     * host and a valid port, or {@code null} if it is one.
     */
    static String invalidReason(String value) {
        for (String url : value.split(",", -1)) {
            String trimmed = url.trim();
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                return "'" + trimmed + "' is not a URL (" + e.getReason() + ")";
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return "'" + trimmed + "' does not start with http:// or https://";
            }
            if (uri.getHost() == null) {
                return "'" + trimmed + "' has no host";
            }
            if (uri.getPort() > 65535) {
                return "port " + uri.getPort() + " of '" + trimmed + "' is outside 1-65535";
            }
        }
        return null;
    }

    /** Throws a usage error naming {@code --registry} when {@code value} is invalid. */
    static void check(picocli.CommandLine commandLine, String value) {
        String reason = invalidReason(value);
        if (reason != null) {
            throw new picocli.CommandLine.ParameterException(commandLine, "Invalid --registry '" + value + "': " + reason
                    + ". Give a URL such as http://127.0.0.1:8081.");
        }
    }
}
