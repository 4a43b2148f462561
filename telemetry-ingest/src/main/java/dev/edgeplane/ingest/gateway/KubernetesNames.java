package dev.edgeplane.ingest.gateway;

/** Checks Kubernetes object names, which the node, pod and namespace fields of telemetry carry. Stateless. */
public final class KubernetesNames {

    /** Maximum length of a name, in characters. */
    public static final int MAX_CHARS = 253;

    private KubernetesNames() {
    }

    /**
     * Returns whether {@code value} is a Kubernetes object name (an RFC 1123 DNS subdomain): at most
     * 253 characters, dot-separated labels of lowercase letters, digits and '-', each starting and
     * ending with a letter or digit. Written out instead of a regular expression because it runs
     * for every name of every event.
     */
    public static boolean isValid(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_CHARS) {
            return false;
        }
        char previous = '.';
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean alphanumeric = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (c == '.' || c == '-') {
                // A label starts after '.' and must not start or end with '-' or be empty.
                if (previous == '.' || c == '.' && previous == '-') {
                    return false;
                }
            } else if (!alphanumeric) {
                return false;
            }
            previous = c;
        }
        return previous != '.' && previous != '-';
    }
}
