package dev.edgeplane.scheduler.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.reconcile.ApiPermission;
import dev.edgeplane.scheduler.reconcile.internal.SpecValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parses every manifest under infra/k8s and checks each component's RBAC rules against its calls. */
class ManifestsTest {

  static final Path MANIFESTS = Path.of("..", "infra", "k8s");

  private static final List<Manifest> documents = new ArrayList<>();

  /** One YAML document and the file it came from. */
  record Manifest(Path file, String yaml, GenericKubernetesResource generic) {

    <T extends HasMetadata> T as(Class<T> type) {
      return Serialization.unmarshal(yaml, type);
    }

    boolean is(String kind, String name) {
      return kind.equals(generic.getKind()) && name.equals(generic.getMetadata().getName());
    }
  }

  @BeforeAll
  static void parseAll() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(MANIFESTS)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      for (String yaml : text.split("(?m)^---\\s*$")) {
        if (yaml.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
          continue;
        }
        GenericKubernetesResource generic = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        documents.add(new Manifest(file, yaml, generic));
      }
    }
  }

  @Test
  void everyDocumentHasKindAndName() {
    assertThat(documents).hasSizeGreaterThanOrEqualTo(12);
    for (Manifest manifest : documents) {
      assertThat(manifest.generic().getApiVersion()).as("apiVersion in %s", manifest.file()).isNotBlank();
      assertThat(manifest.generic().getKind()).as("kind in %s", manifest.file()).isNotBlank();
      assertThat(manifest.generic().getMetadata().getName()).as("metadata.name in %s", manifest.file())
          .isNotBlank();
    }
  }

  @Test
  void crdIsTheFogServiceDefinition() {
    CustomResourceDefinition crd = single("CustomResourceDefinition", "fogservices.edgeplane.dev")
        .as(CustomResourceDefinition.class);

    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("FogService");
  }

  @Test
  void examplesAreValidFogServices() {
    List<Manifest> examples = documents.stream().filter(m -> "FogService".equals(m.generic().getKind())).toList();
    assertThat(examples).extracting(m -> m.generic().getMetadata().getName())
        .contains("collision-warning", "video-analytics", "video-archive", "city-dashboard");

    SpecValidator validator = new SpecValidator();
    for (Manifest example : examples) {
      // fabric8's mapper rejects fields the FogService types do not know, so a misspelt field fails here.
      FogService fogService = example.as(FogService.class);
      assertThat(validator.validate(fogService)).as("problems of %s", example.file()).isEmpty();
    }
  }

  /** Each component's service account, role and binding, and the calls its code makes. */
  static Stream<Arguments> components() {
    return Stream.of(
        Arguments.of("edgeplane-fogservice-controller", ApiPermission.FOGSERVICE_CONTROLLER),
        Arguments.of("edgeplane-inventory-publisher", ApiPermission.INVENTORY_PUBLISHER),
        Arguments.of("edgeplane-scheduler", ApiPermission.SCHEDULER));
  }

  @ParameterizedTest
  @MethodSource("components")
  void roleCoversEveryCall(String component, List<ApiPermission> calls) {
    Set<ApiPermission> granted = granted(single("ClusterRole", component).as(ClusterRole.class));

    assertThat(granted).containsAll(calls);
  }

  @ParameterizedTest
  @MethodSource("components")
  void roleGrantsNothingElse(String component, List<ApiPermission> calls) {
    ClusterRole role = single("ClusterRole", component).as(ClusterRole.class);

    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getResources()).doesNotContain("*");
      assertThat(rule.getVerbs()).doesNotContain("*");
    }
    assertThat(granted(role)).containsExactlyInAnyOrderElementsOf(calls);
  }

  @ParameterizedTest
  @MethodSource("components")
  void bindingGivesRoleToServiceAccount(String component, List<ApiPermission> calls) {
    ClusterRoleBinding binding = single("ClusterRoleBinding", component).as(ClusterRoleBinding.class);
    ServiceAccount account = single("ServiceAccount", component).as(ServiceAccount.class);

    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(component);
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getKind()).isEqualTo("ServiceAccount");
      assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
      assertThat(subject.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
    });
    single("Namespace", account.getMetadata().getNamespace());
  }

  private static Set<ApiPermission> granted(ClusterRole role) {
    Set<ApiPermission> granted = new HashSet<>();
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(new ApiPermission(group, resource, verb));
          }
        }
      }
    }
    return granted;
  }

  private static Manifest single(String kind, String name) {
    List<Manifest> matches = documents.stream().filter(m -> m.is(kind, name)).toList();
    assertThat(matches).as("%s %s under %s", kind, name, MANIFESTS).hasSize(1);
    return matches.get(0);
  }
}
