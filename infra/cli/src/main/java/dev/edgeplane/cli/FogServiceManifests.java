package dev.edgeplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FogService CRD and the example manifests, read from the class path so that they travel with
 * the jar: the CRD as the scheduler module's build generates it (a test keeps the committed copy
 * in {@code infra/k8s/crds} equal to it), the examples as the CLI build copies them from
 * {@code infra/k8s/examples}.
 */
final class FogServiceManifests {

    static final String CRD_RESOURCE = "/META-INF/fabric8/fogservices.edgeplane.dev-v1.yml";
    static final String EXAMPLES_RESOURCE_DIR = "/dev/edgeplane/cli/examples/";
    /** The example files, in apply order: the RuntimeClass before the FogService that uses it. */
    static final List<String> EXAMPLE_FILES = List.of(
            "runtimeclass-legacy-host.yaml", "collision-warning.yaml", "video-analytics.yaml", "city-dashboard.yaml");

    private static final String FOGSERVICE_KIND = HasMetadata.getKind(FogService.class);
    private static final Logger log = LoggerFactory.getLogger(FogServiceManifests.class);

    private FogServiceManifests() {
    }

    /** Creates the FogService CRD through {@code client}. Blocks on the API call. */
    static CustomResourceDefinition applyCrd(KubernetesClient client) {
        try (InputStream crd = open(CRD_RESOURCE)) {
            CustomResourceDefinition created = client.apiextensions().v1().customResourceDefinitions().load(crd).create();
            log.info("Created CustomResourceDefinition {}", created.getMetadata().getName());
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CRD_RESOURCE + " from the class path", e);
        }
    }

    /**
     * Creates every example object; FogServices and other namespaced objects go to {@code namespace}.
     * Blocks on the API calls.
     *
     * @return the created objects, as {@code kind/name}
     */
    static List<String> applyExamples(KubernetesClient client, String namespace) {
        List<String> created = new ArrayList<>();
        for (String file : EXAMPLE_FILES) {
            try (InputStream in = open(EXAMPLES_RESOURCE_DIR + file)) {
                for (HasMetadata item : client.load(in).items()) {
                    created.add(create(client, namespace, item));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read example " + file + " from the class path", e);
            }
        }
        return created;
    }

    private static String create(KubernetesClient client, String namespace, HasMetadata item) {
        String id = item.getKind() + "/" + item.getMetadata().getName();
        if (FOGSERVICE_KIND.equals(item.getKind())) {
            // load() may return a generic resource in the client's default namespace; the typed
            // copy goes to the namespace asked for.
            FogService fogService = Serialization.unmarshal(Serialization.asJson(item), FogService.class);
            fogService.getMetadata().setNamespace(namespace);
            client.resources(FogService.class).inNamespace(namespace).resource(fogService).create();
        } else {
            client.resource(item).create();
        }
        log.info("Created example {}", id);
        return id;
    }

    private static InputStream open(String resource) {
        InputStream in = FogServiceManifests.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the class path: rebuild the edgeplane jar with "
                    + "'mvn -pl infra/cli -am package', which generates the CRD and copies the examples");
        }
        return in;
    }
}
