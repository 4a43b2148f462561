package dev.edgeplane.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a broker data folder, held from before formatting until the broker has shut
 * down. It keeps a second broker, in this JVM or another process, from touching a folder in use.
 */
final class DataDirLock {

    /** Lock file in the data folder; Kafka ignores files that are not partition folders. */
    static final String FILE_NAME = ".edgeplane-broker.lock";

    private static final Logger log = LoggerFactory.getLogger(DataDirLock.class);

    private final FileChannel channel;
    private final FileLock fileLock;

    private DataDirLock(FileChannel channel, FileLock fileLock) {
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Takes the lock on {@code dataDir}, creating the folder if needed. Does not block.
     *
     * @throws BrokerStartException if another broker has locked the folder
     */
    static DataDirLock acquire(Path dataDir) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                throw inUse(dataDir);
            }
            return new DataDirLock(channel, fileLock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dataDir);
        } catch (BrokerStartException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock the broker data folder " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Releases the lock; the lock file stays. */
    void release() {
        try {
            fileLock.release();
        } catch (IOException e) {
            log.warn("Could not release the lock on a broker data folder: {}", e.toString());
        }
        closeQuietly(channel);
    }

    private static BrokerStartException inUse(Path dataDir) {
        return new BrokerStartException("The data folder " + dataDir + " is in use by another running broker. Stop "
                + "that broker first, or give another --data-dir.", null);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Could not close the broker data folder lock file: {}", e.toString());
        }
    }
}
