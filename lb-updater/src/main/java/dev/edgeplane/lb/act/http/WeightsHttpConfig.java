package dev.edgeplane.lb.act.http;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the {@link WeightsHttpServer}, resolved once and immutable. */
public final class WeightsHttpConfig {

    public static final String BIND_ADDRESS = "lb.http.bind.address";
    private static final String BIND_ADDRESS_DOC = "Address the weights API listens on. The default, 127.0.0.1, "
            + "serves proxies on the same host only; use 0.0.0.0 to serve other hosts.";

    public static final String PORT = "lb.http.port";
    private static final String PORT_DOC = "TCP port of the weights API; 0 picks a free port.";

    public static final String THREADS = "lb.http.threads";
    private static final String THREADS_DOC = "Threads that answer weights API requests.";

    public static final String STOP_TIMEOUT_MS = "lb.http.stop.timeout.ms";
    private static final String STOP_TIMEOUT_MS_DOC = "Time in milliseconds that closing the server waits for "
            + "requests in progress, rounded up to whole seconds.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    BIND_ADDRESS_DOC)
            .define(PORT, Type.INT, 9471, Range.between(0, 65_535), Importance.HIGH, PORT_DOC)
            .define(THREADS, Type.INT, 2, Range.between(1, 64), Importance.LOW, THREADS_DOC)
            .define(STOP_TIMEOUT_MS, Type.LONG, 1_000L, Range.atLeast(0L), Importance.LOW, STOP_TIMEOUT_MS_DOC);

    private final String bindAddress;
    private final int port;
    private final int threads;
    private final long stopTimeoutMs;

    private WeightsHttpConfig(AbstractConfig parsed) {
        bindAddress = parsed.getString(BIND_ADDRESS);
        port = parsed.getInt(PORT);
        threads = parsed.getInt(THREADS);
        stopTimeoutMs = parsed.getLong(STOP_TIMEOUT_MS);
    }

    /**
     * Parses and checks settings; keys this class does not define are ignored.
     *
     * @throws ConfigException if a value is invalid
     */
    public static WeightsHttpConfig from(Map<String, ?> settings) {
        return new WeightsHttpConfig(new AbstractConfig(CONFIG, settings, false));
    }

    /** Returns the definition of every key, for help output and documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    public int threads() {
        return threads;
    }

    public long stopTimeoutMs() {
        return stopTimeoutMs;
    }
}
