package dev.edgeplane.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and removes broker data folders. */
final class DataDirs {

    private static final Logger log = LoggerFactory.getLogger(DataDirs.class);

    private DataDirs() {
    }

    static Path createTemporary() {
        try {
            return Files.createTempDirectory("edgeplane-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary broker data folder in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code dir} if needed and checks that it is empty apart from Edgeplane's lock file, so
     * that formatting never mixes a broker's log with other files. Kafka halts the JVM at start when
     * a log folder contains a folder that is not a topic partition.
     *
     * @throws BrokerStartException naming the folder and the first foreign entry
     */
    static void requireNoForeignContent(Path dir) {
        try {
            Files.createDirectories(dir);
            try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
                java.util.Optional<Path> foreign = entries
                        .filter(entry -> !entry.getFileName().toString().equals(DataDirLock.FILE_NAME))
                        .findFirst();
                if (foreign.isPresent()) {
                    throw new BrokerStartException("The data folder " + dir + " is not a Kafka log folder: it has no "
                            + "meta.properties but contains " + foreign.get().getFileName() + ". Give an empty or new "
                            + "folder, or the folder of an earlier Edgeplane broker.", null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or read the broker data folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code dir} and everything under it; logs and carries on when a file cannot be removed. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete the broker data folder {}: {}", dir, e.toString());
        }
    }
}
