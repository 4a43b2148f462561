package dev.edgeplane.testbed.internal.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.edgeplane.testbed.LinkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's control socket: a Unix domain socket, so the testbed in the host's namespace can
 * reach the relay in the core namespace without any network traffic. One request per line:
 * {@code set LINK DELAY_MICROS JITTER_MICROS LOSS_RATIO} and {@code connections}; each reply is
 * one line starting with {@code ok} or {@code error}. One thread of its own serves one client at
 * a time.
 */
final class RelayControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayControlServer.class);

    private final LinkRelay relay;
    private final ServerSocketChannel server;
    private final Path path;
    private final Thread thread;

    RelayControlServer(LinkRelay relay, Path path) throws IOException {
        this.relay = relay;
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        thread = new Thread(this::serve, "relay-control");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept();
                    BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                            StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(new OutputStreamWriter(Channels.newOutputStream(client),
                            StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(answer(line.strip()));
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("Relay control connection failed; waiting for the next one", e);
                }
            }
        }
    }

    private String answer(String request) {
        String[] words = request.split("\\s+");
        try {
            if (words.length == 5 && words[0].equals("set")) {
                relay.update(words[1], new LinkSettings(Long.parseLong(words[2]), Long.parseLong(words[3]),
                        Double.parseDouble(words[4]), 0));
                return "ok";
            }
            if (words.length == 1 && words[0].equals("connections")) {
                return "ok " + relay.openConnections();
            }
            return "error unknown request '" + request + "': use 'set LINK DELAY_MICROS JITTER_MICROS LOSS_RATIO' "
                    + "or 'connections'";
        } catch (IllegalArgumentException e) {
            return "error " + e.getMessage();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
