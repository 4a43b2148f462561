package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies the hand-written procfs and cgroup trees under test resources agent-fixtures into a test folder. */
public final class AgentFixtures {

    private AgentFixtures() {
    }

    /** Returns the fixture folder {@code name}, such as {@code node-2cpu}, on the class path. */
    public static Path fixture(String name) {
        try {
            return Path.of(AgentFixtures.class.getResource("/agent-fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the fixture folder {@code name} over {@code target}, replacing files that exist. */
    public static void copy(String name, Path target) {
        Path source = fixture(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
