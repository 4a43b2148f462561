package dev.edgeplane.demo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.edgeplane.schemas.io.IoErrors;

/** Kubeconfig files for kubectl and other clients of the simulated API. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /**
     * Writes a kubeconfig whose one context points at {@code serverUrl} without credentials, as the
     * simulated API accepts any client. Blocks on file I/O.
     */
    public static Path write(Path file, String serverUrl) {
        String server = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        String text = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: edgeplane-simulated\n"
                + "  cluster:\n"
                + "    server: " + server + "\n"
                + "users:\n"
                + "- name: edgeplane\n"
                + "  user: {}\n"
                + "contexts:\n"
                + "- name: edgeplane-simulated\n"
                + "  context:\n"
                + "    cluster: edgeplane-simulated\n"
                + "    user: edgeplane\n"
                + "    namespace: city\n"
                + "current-context: edgeplane-simulated\n";
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the kubeconfig " + file + ": " + IoErrors.describe(e), e);
        }
    }
}
