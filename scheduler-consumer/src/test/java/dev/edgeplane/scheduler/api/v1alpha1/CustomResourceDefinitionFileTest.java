package dev.edgeplane.scheduler.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the committed CRD equal to the one the fabric8 CRD generator writes from the Java types
 * during {@code process-classes}, and checks the validation the generated schema carries.
 */
class CustomResourceDefinitionFileTest {

  static final String FILE_NAME = "fogservices.edgeplane.dev-v1.yml";
  static final Path COMMITTED = Path.of("..", "infra", "k8s", "crds", FILE_NAME);
  static final String REFRESH_COMMAND = "mvn -B -q -pl scheduler-consumer -am test "
      + "-Dtest=CustomResourceDefinitionFileTest -Dsurefire.failIfNoSpecifiedTests=false "
      + "-Dedgeplane.crd.update=true";

  @Test
  void committedFileMatchesGenerated() throws IOException {
    String generated = generated();

    if (Boolean.getBoolean("edgeplane.crd.update")) {
      Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
    }

    if (!Files.exists(COMMITTED)) {
      fail(COMMITTED + " is missing; create it with: " + REFRESH_COMMAND);
    }
    String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
    assertThat(committed)
        .as("%s differs from the CRD generated from the FogService types; refresh it with: %s",
            COMMITTED, REFRESH_COMMAND)
        .isEqualTo(generated);
  }

  @Test
  void schemaCarriesValidationRules() throws IOException {
    JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");

    assertThat(spec.getRequired()).contains("template", "placements");
    JSONSchemaProps placements = spec.getProperties().get("placements");
    assertThat(placements.getMinItems()).isEqualTo(1L);
    assertThat(rules(placements.getItems().getSchema())).contains("has(self.location) != has(self.locationSelector)");

    JSONSchemaProps realtime = spec.getProperties().get("realtime");
    assertThat(realtime.getProperties().get("policy").getEnum())
        .extracting(node -> node.toString().replace("\"", ""))
        .containsExactlyInAnyOrder("FIFO", "RR", "DEADLINE", "NONE");
    assertThat(rules(realtime)).anyMatch(rule -> rule.contains("self.deadlineMicros <= self.periodMicros"));
    assertThat(rules(realtime)).anyMatch(rule -> rule.contains("self.runtimeMicros <="));
    assertThat(realtime.getProperties().get("priority").getMaximum()).isEqualTo(99.0);

    JSONSchemaProps runtime = spec.getProperties().get("runtime");
    assertThat(runtime.getProperties().get("kind").getEnum())
        .extracting(node -> node.toString().replace("\"", ""))
        .containsExactlyInAnyOrder("container", "legacy");
  }

  @Test
  void versionHasStatusAndPrinterColumns() throws IOException {
    CustomResourceDefinition crd = crd();
    CustomResourceDefinitionVersion version = version();

    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getGroup()).isEqualTo(FogService.GROUP);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .contains("Desired", "Ready", "Status", "Critical", "Realtime", "Age");
  }

  private static List<String> rules(JSONSchemaProps props) {
    return props.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
  }

  private static CustomResourceDefinitionVersion version() throws IOException {
    return crd().getSpec().getVersions().get(0);
  }

  private static CustomResourceDefinition crd() throws IOException {
    return Serialization.unmarshal(generated(), CustomResourceDefinition.class);
  }

  private static String generated() throws IOException {
    try (InputStream in = CustomResourceDefinitionFileTest.class
        .getResourceAsStream("/META-INF/fabric8/" + FILE_NAME)) {
      if (in == null) {
        fail("META-INF/fabric8/" + FILE_NAME + " is not on the test class path: the "
            + "crd-generator-maven-plugin runs in process-classes, so build with mvn test, not only "
            + "the IDE");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
