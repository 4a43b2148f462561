package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks with ArchUnit that each module uses only the modules its POM depends on, and of those only
 * the public packages: a package whose name contains {@code .internal} belongs to its module alone.
 *
 * <p>A class's module is read from where it was loaded: {@code <module>/target/classes} in the Maven
 * reactor or {@code edgeplane-<module>-<version>.jar} in a repository.
 */
class ModuleBoundariesTest {

    /** The Edgeplane modules that each module may use directly or through its dependencies. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("infra-kafka", Set.of()),
            Map.entry("testkit", Set.of("infra-kafka")),
            Map.entry("kafka-health", Set.of()),
            Map.entry("registry", Set.of("infra-kafka", "kafka-health")),
            Map.entry("k8s-sim", Set.of()),
            Map.entry("schemas", Set.of()),
            Map.entry("bench", Set.of("infra-kafka", "registry", "schemas", "k8s-sim", "telemetry-ingest",
                    "scheduler-consumer", "lb-updater", "anomaly-streams")),
            Map.entry("telemetry-ingest", Set.of("schemas")),
            Map.entry("anomaly-streams", Set.of("schemas", "kafka-health")),
            Map.entry("scheduler-consumer", Set.of("schemas", "kafka-health")),
            Map.entry("lb-updater", Set.of("schemas", "kafka-health")),
            Map.entry("demo", Set.of("infra-kafka", "registry", "k8s-sim", "schemas", "bench", "telemetry-ingest", "anomaly-streams",
                    "scheduler-consumer", "lb-updater")),
            Map.entry("testbed", Set.of("telemetry-ingest", "lb-updater")),
            Map.entry("cli", Set.of("infra-kafka", "registry", "k8s-sim", "schemas", "bench", "demo", "telemetry-ingest",
                    "anomaly-streams", "scheduler-consumer", "lb-updater", "testbed")));

    private static final Pattern REACTOR_PATH = Pattern.compile("/([^/]+)/target/classes/");
    private static final Pattern JAR_NAME = Pattern.compile("edgeplane-([a-z-]+?)-\\d[^/]*\\.jar");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.edgeplane");
    }

    @Test
    void importsEveryModule() {
        List<String> found = classes.stream().map(ModuleBoundariesTest::moduleOf).flatMap(Optional::stream).distinct().toList();

        assertThat(found).contains("infra-kafka", "cli");
    }

    @Test
    void modulesUseOnlyDeclaredModules() {
        List<String> violations = new ArrayList<>();
        forEachCrossModuleDependency((dependency, from, to) -> {
            if (!ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
                violations.add(from + " must not use " + to + ": " + dependency.getDescription());
            }
        });

        assertThat(violations).isEmpty();
    }

    @Test
    void modulesUseNoInternalPackageOfAnother() {
        List<String> violations = new ArrayList<>();
        forEachCrossModuleDependency((dependency, from, to) -> {
            if (dependency.getTargetClass().getPackageName().contains(".internal")) {
                violations.add(from + " uses an internal class of " + to + ": " + dependency.getDescription());
            }
        });

        assertThat(violations).isEmpty();
    }

    private interface CrossModuleVisitor {
        void visit(Dependency dependency, String fromModule, String toModule);
    }

    private static void forEachCrossModuleDependency(CrossModuleVisitor visitor) {
        for (JavaClass javaClass : classes) {
            Optional<String> from = moduleOf(javaClass);
            if (from.isEmpty()) {
                continue;
            }
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (!target.getPackageName().startsWith("dev.edgeplane")) {
                    continue;
                }
                Optional<String> to = moduleOf(target);
                if (to.isPresent() && !to.get().equals(from.get())) {
                    visitor.visit(dependency, from.get(), to.get());
                }
            }
        }
    }

    static Optional<String> moduleOf(JavaClass javaClass) {
        return javaClass.getSource().map(source -> source.getUri()).map(ModuleBoundariesTest::moduleOf).flatMap(m -> m);
    }

    private static Optional<String> moduleOf(URI location) {
        String path = location.toString();
        Matcher jar = JAR_NAME.matcher(path);
        if (jar.find()) {
            return Optional.of(jar.group(1));
        }
        Matcher reactor = REACTOR_PATH.matcher(path);
        if (reactor.find()) {
            String folder = reactor.group(1);
            return Optional.of(switch (folder) {
                case "kafka" -> "infra-kafka";
                default -> folder;
            });
        }
        return Optional.empty();
    }
}
