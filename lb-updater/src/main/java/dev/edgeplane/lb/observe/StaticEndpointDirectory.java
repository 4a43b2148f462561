package dev.edgeplane.lb.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.edgeplane.schemas.io.IoErrors;

/**
 * An {@link EndpointDirectory} with fixed addresses, read from a text file with one ready
 * endpoint per line, {@code namespace/pod ip:port}. Blank lines and lines starting with {@code #}
 * are ignored. Immutable and safe for concurrent use.
 *
 * <p>The file is read once, so pods that move or restart with a new IP need a restart of the
 * updater; {@link EndpointSliceDirectory} follows the cluster instead.
 */
public final class StaticEndpointDirectory implements EndpointDirectory {

    private final Map<String, EndpointAddress> addresses;

    /** Creates a directory from {@code namespace/pod} keys. */
    public StaticEndpointDirectory(Map<String, EndpointAddress> addresses) {
        this.addresses = Map.copyOf(addresses);
    }

    /**
     * Reads a directory file. Blocks on file I/O.
     *
     * @throws IllegalArgumentException if a line is invalid; the message names the file and line
     * @throws UncheckedIOException if the file cannot be read
     */
    public static StaticEndpointDirectory read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the endpoints file " + file + ": " + IoErrors.describe(e), e);
        }
        Map<String, EndpointAddress> addresses = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || parts[0].indexOf('/') <= 0) {
                throw new IllegalArgumentException("Invalid endpoint '" + line + "' in " + where
                        + ": use namespace/pod ip:port, such as city/camera-0 10.42.0.17:8080");
            }
            addresses.put(parts[0], parseAddress(parts[1], where));
        }
        return new StaticEndpointDirectory(addresses);
    }

    @Override
    public Optional<EndpointAddress> lookup(String namespace, String pod) {
        return Optional.ofNullable(addresses.get(namespace + "/" + pod));
    }

    private static EndpointAddress parseAddress(String text, String where) {
        int colon = text.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Invalid address '" + text + "' in " + where
                    + ": use ip:port with a port from 1 to 65535");
        }
        return new EndpointAddress(text.substring(0, colon), port, true);
    }
}
