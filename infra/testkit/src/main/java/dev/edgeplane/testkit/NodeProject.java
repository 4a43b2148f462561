package dev.edgeplane.testkit;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Node.js project (a folder with {@code package.json} and {@code package-lock.json}) copied into
 * a work folder under {@code target}, with its dependencies installed by {@code npm ci}, for tests
 * that check Edgeplane against JavaScript clients.
 *
 * <p>{@link #prepare} runs {@code npm ci} only when the lock file differs from the one of the last
 * install in that work folder, so the source folder stays clean and later runs need no network.
 * Every call blocks until its process ends or times out; a process that times out is killed.
 * Nothing here needs closing.
 */
public final class NodeProject {

    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOCK_STAMP = ".edgeplane-lock-sha256";

    private final Path directory;

    private NodeProject(Path directory) {
        this.directory = directory;
    }

    /** Skips the calling test unless {@code node --version} runs, with a message that names what to install. */
    public static void assumeNodeInstalled() {
        assumeTrue(commandWorks("node", "--version"), "node is not on the PATH: install Node.js 18 or newer to run"
                + " the JavaScript interoperability tests");
    }

    /**
     * Copies the project in {@code source}, without its {@code node_modules}, to {@code workDir}
     * and runs {@code npm ci --ignore-scripts} there when the lock file changed since the last install.
     *
     * @throws IllegalArgumentException when {@code source} has no {@code package-lock.json}
     * @throws AssertionError when {@code npm ci} fails, with its output and the command to run by hand
     */
    public static NodeProject prepare(Path source, Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(source.resolve("package-lock.json"))) {
            throw new IllegalArgumentException("No package-lock.json in " + source.toAbsolutePath()
                    + ": give the folder of a Node.js project with a lock file");
        }
        copy(source, workDir);

        Path stamp = workDir.resolve("node_modules").resolve(LOCK_STAMP);
        String lockHash = sha256(workDir.resolve("package-lock.json"));
        if (Files.exists(stamp) && Files.readString(stamp).equals(lockHash)) {
            return new NodeProject(workDir);
        }
        ScriptRun install = run(workDir, NPM_TIMEOUT, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
        if (install.exitCode() != 0) {
            throw new AssertionError("npm ci failed in " + workDir.toAbsolutePath() + " (exit code " + install.exitCode()
                    + "). Run 'npm ci --ignore-scripts' in " + source.toAbsolutePath().normalize()
                    + " with access to the npm registry. Output:\n" + install.output());
        }
        Files.writeString(stamp, lockHash);
        return new NodeProject(workDir);
    }

    /** Work folder the scripts run in. */
    public Path directory() {
        return directory;
    }

    /**
     * Runs {@code node} with {@code arguments} in the work folder and returns its exit code and its
     * standard output and error, interleaved.
     *
     * @throws AssertionError when the script does not end within {@code timeout}; it is killed first
     */
    public ScriptRun node(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(List.of(arguments));
        return run(directory, timeout, command.toArray(String[]::new));
    }

    private static void copy(Path source, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        try (Stream<Path> files = Files.walk(source)) {
            List<Path> toCopy = files.filter(Files::isRegularFile)
                    .filter(path -> !source.relativize(path).startsWith("node_modules"))
                    .toList();
            for (Path file : toCopy) {
                Path target = workDir.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static ScriptRun run(Path directory, Duration timeout, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Read on another thread, so that a script that hangs still times out instead of blocking this read.
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(text);
                }
            } catch (IOException e) {
                synchronized (output) {
                    output.append("(reading the output failed: ").append(e).append(')');
                }
            }
        }, "node-output-reader");
        reader.start();

        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        String text;
        synchronized (output) {
            text = output.toString();
        }
        if (!ended) {
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                    + " s and was killed. Output:\n" + text);
        }
        return new ScriptRun(process.exitValue(), text);
    }

    private static boolean commandWorks(String... command) {
        try {
            return run(Path.of("."), VERSION_TIMEOUT, command).exitCode() == 0;
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
