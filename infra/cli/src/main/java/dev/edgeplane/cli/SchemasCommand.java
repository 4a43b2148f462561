package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.edgeplane.schemas.EventSchemas;
import dev.edgeplane.schemas.catalog.CompatibilityMode;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicSpec;
import dev.edgeplane.schemas.compat.CompatibilityChecker;
import dev.edgeplane.schemas.compat.CompatibilityViolation;
import dev.edgeplane.schemas.compat.SchemaHistory;
import dev.edgeplane.schemas.registry.CompatibilityCheck;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane schemas}: checks the event schemas of this build against their released versions
 * and against a running schema registry, and registers them there.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Checks and registers the Avro schemas of Edgeplane's topics.",
        subcommands = {SchemasCommand.Check.class, SchemasCommand.Register.class})
final class SchemasCommand implements Runnable {

    static final int EXIT_OK = 0;
    static final int EXIT_INCOMPATIBLE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose check or register.");
    }

    /** Returns the schema that this build's serializers write for the topic's values. */
    static Schema currentSchema(TopicSpec topic) {
        return EventSchemas.find(topic.valueRecord()).orElseThrow(() -> new IllegalStateException(
                "No generated class for " + topic.valueRecord() + ", the value record of " + topic.name()));
    }

    /** {@code edgeplane schemas check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks each topic's current value schema against every released version kept in this build, "
                    + "under the compatibility mode that the topic catalog declares. With --registry, also checks it "
                    + "against the versions registered there and the subject's compatibility level.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:Every schema is compatible.",
                "1:A schema is incompatible, or a subject's level differs from the catalog.",
                "2:The registry could not be reached or an option is invalid."})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--registry", paramLabel = "URL", description = "Schema registry to check against as well.")
        String registryUrl;

        @Override
        public Integer call() {
            if (registryUrl != null) {
                RegistryUrls.check(spec.commandLine(), registryUrl);
            }
            PrintWriter out = spec.commandLine().getOut();
            RestSchemaRegistryClient registry = registryUrl == null ? null
                    : new RestSchemaRegistryClient(Map.of("schema.registry.url", registryUrl));
            if (registry != null) {
                checkReachable(registry, registryUrl);
            }
            int problems = 0;
            for (TopicSpec topic : TopicCatalog.all()) {
                problems += checkHistory(topic, out);
                if (registry != null) {
                    problems += checkRegistry(registry, topic, out);
                }
            }
            out.println(problems == 0 ? "All " + TopicCatalog.all().size() + " value schemas are compatible."
                    : problems + " compatibility problems found; see the lines above.");
            out.flush();
            return problems == 0 ? EXIT_OK : EXIT_INCOMPATIBLE;
        }

        /** Fails before any line is printed when the registry cannot be read at all. */
        private static void checkReachable(RestSchemaRegistryClient registry, String url) {
            try {
                registry.getSubjects();
            } catch (SchemaRegistryException e) {
                if (e.status() != 0) {
                    // The registry answered, so it is reachable; the checks below report what it said.
                    return;
                }
                throw new IllegalStateException("The schema registry at " + url + " is unreachable (" + e.getMessage()
                        + "). Start it with edgeplane registry --bootstrap-server HOST:PORT, or pass the address of a"
                        + " running one with --registry.", e);
            }
        }

        private static int checkHistory(TopicSpec topic, PrintWriter out) {
            Schema current = currentSchema(topic);
            SchemaHistory history = SchemaHistory.load(current.getName());
            List<CompatibilityViolation> violations = CompatibilityChecker.check(topic.compatibility(), current, history.versions());
            if (violations.isEmpty()) {
                out.printf("ok       %s: compatible with %d released %s (%s)%n", current.getName(),
                        history.versions().size(), history.versions().size() == 1 ? "version" : "versions",
                        topic.compatibility());
            }
            violations.forEach(violation -> out.println("BREAKING " + violation.describe()));
            return violations.size();
        }

        private static int checkRegistry(RestSchemaRegistryClient registry, TopicSpec topic, PrintWriter out) {
            String subject = topic.valueSubject();
            Schema current = currentSchema(topic);
            int problems = 0;
            Optional<CompatibilityMode> level = registry.getSubjectCompatibility(subject);
            if (level.isPresent() && level.get() != topic.compatibility()) {
                out.printf("DRIFT    %s: compatibility is %s in the registry, expected %s; run 'edgeplane schemas register'%n",
                        subject, level.get(), topic.compatibility());
                problems++;
            }
            if (!isRegistered(registry, subject)) {
                out.printf("new      %s: not registered yet; 'edgeplane schemas register' adds it as version 1%n", subject);
                return problems;
            }
            CompatibilityCheck check = registry.testCompatibility(subject, current);
            if (check.compatible()) {
                out.printf("ok       %s: compatible with the registered versions%n", subject);
            } else {
                check.messages().forEach(message -> out.println("BREAKING " + subject + ": " + message));
                problems++;
            }
            return problems;
        }
    }

    private static boolean isRegistered(RestSchemaRegistryClient registry, String subject) {
        try {
            return !registry.getVersions(subject).isEmpty();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** {@code edgeplane schemas register}. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Sets each value subject's compatibility level to the catalog's mode and registers the current "
                    + "schema under it. Registering a schema that is already there returns its existing id.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:Every schema is registered.",
                "1:The registry rejected a schema as incompatible or invalid.",
                "2:The registry could not be reached or an option is invalid."})
    static final class Register implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--registry", paramLabel = "URL", required = true, description = "Schema registry URL.")
        String registryUrl;

        @Override
        public Integer call() {
            RegistryUrls.check(spec.commandLine(), registryUrl);
            PrintWriter out = spec.commandLine().getOut();
            RestSchemaRegistryClient registry = new RestSchemaRegistryClient(Map.of("schema.registry.url", registryUrl));
            int rejected = 0;
            for (TopicSpec topic : TopicCatalog.all()) {
                String subject = topic.valueSubject();
                try {
                    registry.setSubjectCompatibility(subject, topic.compatibility());
                    int id = registry.register(subject, currentSchema(topic));
                    out.printf("registered %s: schema id %d (%s)%n", subject, id, topic.compatibility());
                } catch (SchemaRegistryException e) {
                    if (e.status() != 409 && e.status() != 422) {
                        throw e;
                    }
                    out.printf("REJECTED   %s: %s%n", subject, e.getMessage());
                    rejected++;
                }
            }
            out.flush();
            return rejected == 0 ? EXIT_OK : EXIT_INCOMPATIBLE;
        }
    }
}
