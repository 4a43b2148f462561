package dev.edgeplane.demo.report;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders a local page with Debian's {@code chromium} in headless mode and returns the DOM after
 * loading, a screenshot and the URLs the page requested, taken from Chromium's NetLog.
 */
final class HeadlessChromium {

    /** Upper bound of one browser run. A run took about 3 s on a loaded 2-core machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The initiator Chromium's NetLog gives requests of the browser itself rather than of a page. */
    private static final String BROWSER_INITIATOR = "not an origin";

    /**
     * What the browser made of a page.
     *
     * @param dom the serialised DOM after loading, as {@code --dump-dom} prints it
     * @param screenshot the viewport as rendered
     * @param pageRequests URLs of the requests the page initiated, in order
     */
    record Render(String dom, BufferedImage screenshot, List<String> pageRequests) {
    }

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** Returns the browser found on the {@code PATH}, or empty when none is installed. */
    static Optional<HeadlessChromium> locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Loads {@code page} in a fresh profile under {@code workDir}. Blocks until the browser exits;
     * after {@link #TIMEOUT} it kills the browser and its child processes by PID and fails.
     */
    Render render(Path page, Path workDir, int width, int height) throws IOException, InterruptedException {
        Path dom = workDir.resolve("dom.html");
        Path screenshot = workDir.resolve("screenshot.png");
        Path netLog = workDir.resolve("netlog.json");
        Path stderr = workDir.resolve("chromium.log");
        List<String> command = List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                // Chromium still contacts update, time and sign-in servers on start. Its proxy is a
                // closed loopback port, so none of those requests leaves this machine.
                "--proxy-server=socks5://127.0.0.1:" + closedLoopbackPort(),
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + workDir.resolve("profile"),
                "--log-net-log=" + netLog,
                "--window-size=" + width + "," + height,
                "--screenshot=" + screenshot,
                "--dump-dom",
                page.toUri().toString());

        Process process = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(stderr.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("chromium (pid " + process.pid() + ") did not finish within " + TIMEOUT
                        + " rendering " + page + ", so it was killed. Its log: " + tail(stderr));
            }
        } finally {
            killTree(process);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(screenshot)) {
            throw new AssertionError("chromium exited with " + process.exitValue() + " rendering " + page
                    + " and wrote " + (Files.isRegularFile(screenshot) ? "" : "no ") + "screenshot. Its log: "
                    + tail(stderr));
        }
        return new Render(Files.readString(dom, StandardCharsets.UTF_8), ImageIO.read(screenshot.toFile()),
                pageRequests(netLog));
    }

    /**
     * Returns the URLs of the requests whose initiator is a page. NOTE: the NetLog format is
     * internal to Chromium and was read from Chromium 156. A test that loads a page with a remote
     * image checks that this still finds page requests.
     */
    private static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        JsonNode type = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB");
        if (!type.isInt()) {
            throw new AssertionError("The NetLog " + netLog + " defines no URL_REQUEST_START_JOB event type,"
                    + " so this Chromium's log format is not supported");
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode event : log.path("events")) {
            JsonNode params = event.path("params");
            if (event.path("type").asInt() == type.asInt() && params.has("url")
                    && !BROWSER_INITIATOR.equals(params.path("initiator").asText())) {
                urls.add(params.path("url").asText());
            }
        }
        return urls;
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
