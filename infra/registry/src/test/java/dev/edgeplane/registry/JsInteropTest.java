package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code src/test/js/interop.js}, which drives this registry with an independent client,
 * {@code @kafkajs/confluent-schema-registry}, pinned by {@code package-lock.json}, and checks what
 * it reports against the registry's own view.
 *
 * <p>The script and its lock file are copied to {@code target/js-interop}, where {@code npm ci}
 * installs the client whenever the lock file changed, so the source tree stays clean. The test is
 * skipped only when {@code node} is missing; an {@code npm ci} failure fails it with the command
 * to run by hand.
 */
@WithKafkaBroker
class JsInteropTest {

    private static final Path SOURCE = Path.of("src", "test", "js");
    private static final Path WORK = Path.of("target", "js-interop");
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void kafkajsClientInteroperates(EmbeddedKafkaBroker broker) throws Exception {
        assumeTrue(commandWorks("node", "--version"), "node is not on the PATH: install Node.js 18 or newer to run the JavaScript "
                + "interoperability test");
        prepareWorkDir();

        try (SchemaRegistryServer server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-js-interop").port(0).build().start()) {
            Result result = run(WORK, SCRIPT_TIMEOUT, "node", "interop.js", "--registry", server.url(), "--prefix", "js");

            assertThat(result.output()).as("script output").contains("interop: 8 passed, 0 failed");
            assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
            Map<String, String> facts = facts(result.output());
            RegistryHttp http = new RegistryHttp(server.url());
            assertThat(http.get("/subjects/js-node-metrics-value/versions/1").json().get("id").asText())
                    .isEqualTo(facts.get("id.js-node-metrics-value.1"));
            assertThat(http.get("/subjects/js-node-metrics-value/versions/2").json().get("id").asText())
                    .isEqualTo(facts.get("id.js-node-metrics-value.2"));
            assertThat(http.get("/config/js-node-metrics-value").json().get("compatibilityLevel").asText())
                    .as("the client sets the subject's level on first registration").isEqualTo("BACKWARD");
            assertThat(facts.get("wire.v1.hex")).startsWith("00" + String.format("%08x", Integer.parseInt(facts.get("id.js-node-metrics-value.1"))));
        }
    }

    /** Copies the script, its checks and lock file to the work folder and runs npm ci when the lock file changed. */
    private static void prepareWorkDir() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.walk(SOURCE)) {
            for (Path file : files.filter(Files::isRegularFile).filter(path -> !path.toString().contains("node_modules")).toList()) {
                Path target = WORK.resolve(SOURCE.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        Path stamp = WORK.resolve("node_modules").resolve(".edgeplane-lock-sha256");
        String lockHash = sha256(WORK.resolve("package-lock.json"));
        if (Files.exists(stamp) && Files.readString(stamp).equals(lockHash)) {
            return;
        }
        Result install = run(WORK, NPM_TIMEOUT, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
        if (install.exitCode() != 0) {
            throw new AssertionError("npm ci failed in " + WORK.toAbsolutePath() + " (exit code " + install.exitCode() + "). Run "
                    + "'npm ci --ignore-scripts' in infra/registry/src/test/js with access to the npm registry. Output:\n" + install.output());
        }
        Files.writeString(stamp, lockHash);
    }

    private static Map<String, String> facts(String output) {
        Map<String, String> facts = new TreeMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.trim().split(" ", 3);
            if (parts.length == 3 && parts[0].equals("FACT")) {
                facts.put(parts[1], parts[2]);
            }
        }
        return facts;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path directory, Duration timeout, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(directory.toFile()).redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        // Read on another thread, so a script that hangs still times out instead of blocking this read.
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(reading the output failed: ").append(e).append(')');
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s. Output:\n" + output);
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return new Result(process.exitValue(), output.toString());
    }

    private static boolean commandWorks(String... command) {
        try {
            return run(Path.of("."), Duration.ofSeconds(30), command).exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }
}
