package dev.edgeplane.demo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.fabric8.kubernetes.client.KubernetesClient;

/** The FogService CRD as the scheduler module's build generates it onto the class path. */
public final class FogServiceCrd {

    /** Class-path resource of the generated CRD. */
    public static final String RESOURCE = "/META-INF/fabric8/fogservices.edgeplane.dev-v1.yml";

    private FogServiceCrd() {
    }

    /** Creates the CRD through {@code client}. Blocks on the API call. */
    public static void apply(KubernetesClient client) {
        try (InputStream crd = FogServiceCrd.class.getResourceAsStream(RESOURCE)) {
            if (crd == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: build the scheduler-consumer "
                        + "module, which generates it, with 'mvn -pl infra/cli -am package'");
            }
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + " from the class path", e);
        }
    }
}
