package dev.edgeplane.ingest.agent;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.edgeplane.ingest.gateway.KubernetesNames;
import dev.edgeplane.schemas.io.IoErrors;

/**
 * A replica on the agent's node that the agent probes with HTTP GET requests.
 *
 * @param namespace  Kubernetes namespace of the pod
 * @param pod        pod name
 * @param fogService FogService that owns the pod
 * @param url        URL the probe requests, http or https
 */
public record ReplicaTarget(String namespace, String pod, String fogService, URI url) {

    public ReplicaTarget {
        Objects.requireNonNull(url, "url");
        for (String part : new String[] {namespace, pod, fogService}) {
            if (part == null || part.isBlank()) {
                throw new IllegalArgumentException("Invalid replica " + namespace + "/" + pod + " of FogService "
                        + fogService + ": namespace, pod and FogService must not be blank.");
            }
            if (!KubernetesNames.isValid(part)) {
                // The gateway would reject every replica-metrics event of this replica.
                throw new IllegalArgumentException("Invalid replica " + namespace + "/" + pod + " of FogService "
                        + fogService + ": '" + part + "' is not a Kubernetes object name; namespace, pod and FogService"
                        + " use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.");
            }
        }
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("Invalid URL '" + url + "' of replica " + namespace + "/" + pod
                    + ": use an http:// or https:// URL.");
        }
    }

    /** Returns {@code namespace/pod}, the key of the replica's events. */
    public String key() {
        return namespace + "/" + pod;
    }

    /**
     * Parses {@code NAMESPACE/POD/FOGSERVICE/URL}, such as
     * {@code city/camera-a/video-analytics/http://10.42.0.7:8080/healthz}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static ReplicaTarget parse(String text) {
        String[] parts = text.strip().split("/", 4);
        if (parts.length < 4) {
            throw new IllegalArgumentException("Invalid replica '" + text + "': expected NAMESPACE/POD/FOGSERVICE/URL,"
                    + " such as city/camera-a/video-analytics/http://10.42.0.7:8080/healthz.");
        }
        URI url;
        try {
            url = new URI(parts[3]);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid URL '" + parts[3] + "' in replica '" + text + "': "
                    + e.getReason() + ".", e);
        }
        return new ReplicaTarget(parts[0], parts[1], parts[2], url);
    }

    /**
     * Reads a replica list: one {@code NAMESPACE/POD/FOGSERVICE/URL} per line; blank lines and lines
     * starting with {@code #} are skipped. Blocks while reading the file.
     *
     * @throws IllegalArgumentException naming the file and line of an invalid entry, or the file
     *     when it cannot be read
     */
    public static List<ReplicaTarget> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the replica list " + file + ": " + IoErrors.describe(e)
                    + ". Check the path and its permissions.", e);
        }
        List<ReplicaTarget> replicas = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                replicas.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return replicas;
    }
}
