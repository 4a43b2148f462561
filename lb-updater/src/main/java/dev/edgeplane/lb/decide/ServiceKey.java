package dev.edgeplane.lb.decide;

import java.util.Objects;

/**
 * A Kubernetes service, named by namespace and name, as in the key {@code namespace/service} of
 * the weights topic.
 */
public record ServiceKey(String namespace, String name) {

    public ServiceKey {
        requireName("namespace", namespace);
        requireName("name", name);
    }

    /**
     * Parses {@code namespace/name}.
     *
     * @throws IllegalArgumentException if the text is not two non-empty parts around one slash
     */
    public static ServiceKey parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("Invalid service key '" + text
                    + "': expected namespace/name, such as default/web");
        }
        return new ServiceKey(text.substring(0, slash), text.substring(slash + 1));
    }

    /** Returns {@code namespace/name}. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    private static void requireName(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty() || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException("Invalid service " + field + " '" + value
                    + "': it must be non-empty and contain no slash");
        }
    }
}
