package dev.edgeplane.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.edgeplane.schemas.io.IoErrors;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Kubernetes clients for the commands that take {@code --kubeconfig}. */
final class KubernetesClients {

    private KubernetesClients() {
    }

    /**
     * Builds a client from {@code kubeconfig}, or from the fabric8 default resolution (KUBECONFIG,
     * ~/.kube/config, in-cluster) when it is null. Blocks on reading the file. The caller closes
     * the client.
     *
     * @throws UncheckedIOException if the kubeconfig cannot be read
     */
    static KubernetesClient connect(Path kubeconfig) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (kubeconfig != null) {
            try {
                builder.withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read kubeconfig " + kubeconfig + ": " + IoErrors.describe(e)
                        + "; give a readable file with --kubeconfig", e);
            }
        }
        return builder.build();
    }
}
