package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Parses every manifest under infra/k8s and checks the workloads. Each container's arguments parse
 * with the edgeplane command line, name the command of the workload and give the broker and the
 * schema registry. Each ServiceAccount that a pod or a binding names exists, and the Strimzi
 * cluster runs in KRaft mode with a node pool.
 */
class DeploymentManifestsTest {

    /** The manifests; tests run in the module's folder. */
    private static final Path MANIFESTS = Path.of("..", "k8s");
    private static final Set<String> KINDS = Set.of("Namespace", "CustomResourceDefinition", "ServiceAccount",
            "ClusterRole", "ClusterRoleBinding", "FogService", "RuntimeClass", "Deployment", "DaemonSet", "Service",
            "Kafka", "KafkaNodePool");
    /** The edgeplane command each workload runs, by its {@code app.kubernetes.io/component} label. */
    private static final Map<String, List<String>> COMMANDS = Map.of(
            "registry", List.of("registry"),
            "ingest", List.of("ingest"),
            "anomaly", List.of("anomaly"),
            "scheduler", List.of("scheduler"),
            "lb-updater", List.of("lb"),
            "lb-apply", List.of("lb", "apply"));

    private static final List<Document> documents = new ArrayList<>();

    /** One YAML document and the file it came from. */
    private record Document(Path file, String yaml, GenericKubernetesResource generic) {

        <T extends HasMetadata> T as(Class<T> type) {
            return Serialization.unmarshal(yaml, type);
        }

        String kind() {
            return generic.getKind();
        }
    }

    /** A pod template of a Deployment or a DaemonSet. */
    private record Workload(String name, String component, PodSpec pod) {
    }

    @BeforeAll
    static void parseAll() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(MANIFESTS)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            for (String yaml : Files.readString(file).split("(?m)^---\\s*$")) {
                if (yaml.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                    documents.add(new Document(file, yaml, Serialization.unmarshal(yaml, GenericKubernetesResource.class)));
                }
            }
        }
    }

    @Test
    void everyDocumentHasKnownKind() {
        assertThat(documents).isNotEmpty();
        for (Document document : documents) {
            assertThat(document.kind()).as("kind in %s", document.file()).isIn(KINDS);
            assertThat(document.generic().getMetadata().getName()).as("name in %s", document.file()).isNotBlank();
        }
    }

    @Test
    void workloadForEveryService() {
        assertThat(workloads()).extracting(Workload::component).containsExactlyInAnyOrderElementsOf(COMMANDS.keySet());
        assertThat(documents).filteredOn(d -> d.kind().equals("DaemonSet")).extracting(d -> d.generic().getMetadata()
                .getName()).containsExactly("edgeplane-lb-apply");
    }

    @Test
    void argumentsParseForTheirCommand() {
        for (Workload workload : workloads()) {
            List<String> args = arguments(workload);

            List<String> commands = new ArrayList<>();
            assertThatCode(() -> {
                ParseResult result = new CommandLine(new EdgeplaneCommand()).parseArgs(args.toArray(String[]::new));
                for (ParseResult sub = result.subcommand(); sub != null; sub = sub.subcommand()) {
                    commands.add(sub.commandSpec().name());
                }
            }).as("arguments of %s: %s", workload.name(), args).doesNotThrowAnyException();
            assertThat(commands).as("command of %s", workload.name()).isEqualTo(COMMANDS.get(workload.component()));
            assertThat(args).as("arguments of %s", workload.name())
                    .anyMatch(arg -> arg.startsWith("--bootstrap-server="));
            if (!workload.component().equals("registry")) {
                assertThat(args).as("arguments of %s", workload.name())
                        .anyMatch(arg -> arg.startsWith("--schema-registry="));
            }
        }
    }

    @Test
    void serviceAccountsExist() {
        Set<String> accounts = new HashSet<>();
        documents.stream().filter(d -> d.kind().equals("ServiceAccount"))
                .forEach(d -> accounts.add(d.as(ServiceAccount.class).getMetadata().getName()));

        for (Workload workload : workloads()) {
            assertThat(accounts).as("ServiceAccount of %s", workload.name()).contains(workload.pod().getServiceAccountName());
        }
    }

    @Test
    void boundAccountsAndRolesExist() {
        Set<String> accounts = new HashSet<>();
        Set<String> roles = new HashSet<>();
        documents.stream().filter(d -> d.kind().equals("ServiceAccount")).forEach(d -> accounts.add(d.generic()
                .getMetadata().getName()));
        documents.stream().filter(d -> d.kind().equals("ClusterRole")).forEach(d -> roles.add(d.generic()
                .getMetadata().getName()));

        for (Document document : documents) {
            if (!document.kind().equals("ClusterRoleBinding")) {
                continue;
            }
            ClusterRoleBinding binding = document.as(ClusterRoleBinding.class);
            assertThat(roles).as("role of binding %s", binding.getMetadata().getName())
                    .contains(binding.getRoleRef().getName());
            binding.getSubjects().forEach(subject -> assertThat(accounts)
                    .as("subject of binding %s", binding.getMetadata().getName()).contains(subject.getName()));
        }
    }

    @Test
    void schedulerAccountHoldsEveryComponentRole() {
        Set<String> roles = new HashSet<>();
        documents.stream().filter(d -> d.kind().equals("ClusterRoleBinding")).map(d -> d.as(ClusterRoleBinding.class))
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals("edgeplane-scheduler")))
                .forEach(b -> roles.add(b.getRoleRef().getName()));

        assertThat(roles).containsExactlyInAnyOrder("edgeplane-scheduler", "edgeplane-fogservice-controller",
                "edgeplane-inventory-publisher", "edgeplane-rescheduling-executor");
    }

    @Test
    void nodeApplierHasHostNetworkAndNetAdmin() {
        Workload apply = workloads().stream().filter(w -> w.component().equals("lb-apply")).findFirst().orElseThrow();
        Container container = apply.pod().getContainers().get(0);

        assertThat(apply.pod().getHostNetwork()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).contains("NET_ADMIN");
        assertThat(container.getEnv()).anyMatch(env -> env.getName().equals("NODE_NAME")
                && env.getValueFrom().getFieldRef().getFieldPath().equals("spec.nodeName"));
    }

    @Test
    void kafkaRunsKraftWithNodePool() {
        GenericKubernetesResource kafka = single("Kafka");
        GenericKubernetesResource pool = single("KafkaNodePool");

        assertThat(kafka.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
        assertThat(kafka.getMetadata().getAnnotations()).containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
        assertThat(pool.<List<String>>get("spec", "roles")).containsExactlyInAnyOrder("controller", "broker");
        assertThat(kafka.<Object>get("spec", "kafka", "config", "auto.create.topics.enable")).isEqualTo(false);
    }

    private static GenericKubernetesResource single(String kind) {
        List<GenericKubernetesResource> matches = documents.stream().filter(d -> d.kind().equals(kind))
                .map(Document::generic).toList();
        assertThat(matches).as("%s under %s", kind, MANIFESTS).hasSize(1);
        return matches.get(0);
    }

    private static List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Document document : documents) {
            if (document.kind().equals("Deployment")) {
                Deployment deployment = document.as(Deployment.class);
                workloads.add(new Workload(deployment.getMetadata().getName(),
                        deployment.getMetadata().getLabels().get("app.kubernetes.io/component"),
                        deployment.getSpec().getTemplate().getSpec()));
            } else if (document.kind().equals("DaemonSet")) {
                DaemonSet daemonSet = document.as(DaemonSet.class);
                workloads.add(new Workload(daemonSet.getMetadata().getName(),
                        daemonSet.getMetadata().getLabels().get("app.kubernetes.io/component"),
                        daemonSet.getSpec().getTemplate().getSpec()));
            }
        }
        return workloads;
    }

    /** Returns the container's arguments with {@code $(NODE_NAME)} expanded, as the kubelet does. */
    private static List<String> arguments(Workload workload) {
        assertThat(workload.pod().getContainers()).as("containers of %s", workload.name()).hasSize(1);
        return workload.pod().getContainers().get(0).getArgs().stream()
                .map(arg -> arg.replace("$(NODE_NAME)", "edge-1"))
                .toList();
    }
}
