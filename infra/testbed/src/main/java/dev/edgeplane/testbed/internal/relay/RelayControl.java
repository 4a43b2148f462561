package dev.edgeplane.testbed.internal.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.edgeplane.testbed.LinkSettings;
import dev.edgeplane.testbed.TestbedException;

/**
 * The testbed's side of the relay's control socket. Each call opens a connection, sends one
 * request and blocks for the reply. Thread-safe: calls share nothing.
 */
public final class RelayControl {

    private final Path socket;

    public RelayControl(Path socket) {
        this.socket = socket;
    }

    /**
     * Sets the delay, jitter and loss of link {@code name} in the running relay.
     *
     * @throws TestbedException if the relay cannot be reached or rejects the request
     */
    public void set(String name, LinkSettings settings) {
        request("set " + name + " " + settings.delayMicros() + " " + settings.jitterMicros() + " "
                + settings.lossRatio());
    }

    /** Returns the connections the relay relays now. */
    public long openConnections() {
        return Long.parseLong(request("connections").substring(3).strip());
    }

    private String request(String line) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            PrintWriter out = new PrintWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8), true);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            out.println(line);
            String answer = in.readLine();
            if (answer == null || !answer.startsWith("ok")) {
                throw new TestbedException("The relay rejected '" + line + "': " + answer);
            }
            return answer;
        } catch (IOException e) {
            throw new TestbedException("Cannot reach the relay's control socket " + socket + ": " + e.getMessage()
                    + "; check the relay's log in the run's folder", e);
        }
    }
}
