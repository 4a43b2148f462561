package dev.edgeplane.testbed.internal.relay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.edgeplane.testbed.internal.ChildProcess;

/**
 * Entry point of the relay process, which the testbed starts in the core namespace with
 * {@code --control SOCKET --tcp PORTS --udp PORTS --link SPEC...}. It prints the ready line once
 * every port is bound and runs until SIGTERM.
 */
public final class RelayMain {

    private RelayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path control = null;
        List<Integer> tcp = List.of();
        List<Integer> udp = List.of();
        List<String> links = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--control" -> control = Path.of(args[i + 1]);
                case "--tcp" -> tcp = ports(args[i + 1]);
                case "--udp" -> udp = ports(args[i + 1]);
                case "--link" -> links.add(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown relay option " + args[i]
                        + ": use --control, --tcp, --udp and --link");
            }
        }
        if (control == null || links.isEmpty()) {
            throw new IllegalArgumentException("The relay needs --control SOCKET and at least one --link");
        }

        LinkRelay relay = new LinkRelay(links, tcp, udp);
        RelayControlServer server = new RelayControlServer(relay, control);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // The process ends; the socket file goes with the run's folder.
            }
            relay.close();
            stopped.countDown();
        }, "relay-shutdown"));
        System.out.println(ChildProcess.READY_LINE);
        System.out.flush();
        stopped.await();
    }

    private static List<Integer> ports(String text) {
        return text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }
}
