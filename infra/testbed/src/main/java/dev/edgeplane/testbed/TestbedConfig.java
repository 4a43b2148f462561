package dev.edgeplane.testbed;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import dev.edgeplane.testbed.internal.AddressPlan;

/** Settings of a {@link Testbed}, resolved once and immutable. */
public final class TestbedConfig {

    public static final String EDGE_NODES = "testbed.edge.nodes";
    private static final String EDGE_NODES_DOC = "Edge-node namespaces to create, taken in order from the city's edge"
            + " nodes.";

    public static final String ADDRESS_RANGE = "testbed.address.range";
    private static final String ADDRESS_RANGE_DOC = "Private IPv4 range, in CIDR form, for the links (lower half), the"
            + " relay's addresses and the service addresses (upper half).";

    public static final String STATE_DIR = "testbed.state.dir";
    private static final String STATE_DIR_DOC = "Folder that holds one folder per run with its state file and process"
            + " logs; edgeplane testbed clean reads it.";

    public static final String EMULATOR = "testbed.emulator";
    private static final String EMULATOR_DOC = "Link emulator: auto (netem when the kernel has it, else the relay),"
            + " netem or relay.";

    public static final String RELAY_TCP_PORTS = "testbed.relay.tcp.ports";
    private static final String RELAY_TCP_PORTS_DOC = "TCP ports the relay forwards to every namespace. Connections to"
            + " other ports of a namespace are refused, because nothing may bypass the emulated link.";

    public static final String RELAY_UDP_PORTS = "testbed.relay.udp.ports";
    private static final String RELAY_UDP_PORTS_DOC = "UDP ports the relay forwards to every namespace.";

    public static final String COMMAND_TIMEOUT_MS = "testbed.command.timeout.ms";
    private static final String COMMAND_TIMEOUT_MS_DOC = "Time in milliseconds after which an ip, tc or iptables"
            + " command is killed and the step fails.";

    public static final String PROCESS_START_TIMEOUT_MS = "testbed.process.start.timeout.ms";
    private static final String PROCESS_START_TIMEOUT_MS_DOC = "Time in milliseconds a relay, replica or client process"
            + " may take to report that it is ready.";

    public static final String CITY_SEED = "testbed.city.seed";
    private static final String CITY_SEED_DOC = "Seed of the living-lab city whose edge nodes and link delays the"
            + " testbed takes.";

    /** Default range: private and unlikely to clash with a host's own networks. */
    public static final String DEFAULT_ADDRESS_RANGE = "10.213.0.0/16";
    /** Replica HTTP port and the TCP echo port. */
    public static final int REPLICA_HTTP_PORT = 8080;
    public static final int TCP_ECHO_PORT = 7008;
    public static final int UDP_ECHO_PORT = 7007;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(EDGE_NODES, Type.INT, 10, Range.between(1, 200), Importance.HIGH, EDGE_NODES_DOC)
            .define(ADDRESS_RANGE, Type.STRING, DEFAULT_ADDRESS_RANGE, Importance.MEDIUM, ADDRESS_RANGE_DOC)
            .define(STATE_DIR, Type.STRING, Path.of(System.getProperty("java.io.tmpdir"), "edgeplane-testbed").toString(),
                    new ConfigDef.NonEmptyString(), Importance.MEDIUM, STATE_DIR_DOC)
            .define(EMULATOR, Type.STRING, "auto", ConfigDef.ValidString.in("auto", "netem", "relay"),
                    Importance.MEDIUM, EMULATOR_DOC)
            .define(RELAY_TCP_PORTS, Type.LIST, REPLICA_HTTP_PORT + "," + TCP_ECHO_PORT, Importance.MEDIUM,
                    RELAY_TCP_PORTS_DOC)
            .define(RELAY_UDP_PORTS, Type.LIST, Integer.toString(UDP_ECHO_PORT), Importance.MEDIUM, RELAY_UDP_PORTS_DOC)
            .define(COMMAND_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100L), Importance.LOW, COMMAND_TIMEOUT_MS_DOC)
            .define(PROCESS_START_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(100L), Importance.LOW,
                    PROCESS_START_TIMEOUT_MS_DOC)
            .define(CITY_SEED, Type.LONG, 42L, Importance.LOW, CITY_SEED_DOC);

    private final int edgeNodes;
    private final AddressPlan addresses;
    private final Path stateDir;
    private final String emulator;
    private final List<Integer> relayTcpPorts;
    private final List<Integer> relayUdpPorts;
    private final long commandTimeoutMs;
    private final long processStartTimeoutMs;
    private final long citySeed;

    private TestbedConfig(AbstractConfig parsed) {
        edgeNodes = parsed.getInt(EDGE_NODES);
        try {
            addresses = AddressPlan.parse(parsed.getString(ADDRESS_RANGE), edgeNodes + 2);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ADDRESS_RANGE + ": " + e.getMessage());
        }
        stateDir = Path.of(parsed.getString(STATE_DIR));
        emulator = parsed.getString(EMULATOR).toLowerCase(Locale.ROOT);
        relayTcpPorts = ports(RELAY_TCP_PORTS, parsed.getList(RELAY_TCP_PORTS));
        relayUdpPorts = ports(RELAY_UDP_PORTS, parsed.getList(RELAY_UDP_PORTS));
        commandTimeoutMs = parsed.getLong(COMMAND_TIMEOUT_MS);
        processStartTimeoutMs = parsed.getLong(PROCESS_START_TIMEOUT_MS);
        citySeed = parsed.getLong(CITY_SEED);
    }

    /**
     * Parses and checks settings; keys this class does not define are ignored.
     *
     * @throws ConfigException if a value is invalid
     */
    public static TestbedConfig from(Map<String, ?> settings) {
        return new TestbedConfig(new AbstractConfig(CONFIG, settings, false));
    }

    /** Returns the definition of every key, for help output and documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public int edgeNodes() {
        return edgeNodes;
    }

    public AddressPlan addresses() {
        return addresses;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Returns {@code auto}, {@code netem} or {@code relay}. */
    public String emulator() {
        return emulator;
    }

    public List<Integer> relayTcpPorts() {
        return relayTcpPorts;
    }

    public List<Integer> relayUdpPorts() {
        return relayUdpPorts;
    }

    public long commandTimeoutMs() {
        return commandTimeoutMs;
    }

    public long processStartTimeoutMs() {
        return processStartTimeoutMs;
    }

    public long citySeed() {
        return citySeed;
    }

    private static List<Integer> ports(String key, List<String> values) {
        return values.stream().map(value -> {
            try {
                int port = Integer.parseInt(value.strip());
                if (port >= 1 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // Reported below with the key and the value.
            }
            throw new ConfigException(key, values, "'" + value + "' is not a port: give ports 1 to 65535, comma-separated");
        }).distinct().toList();
    }
}
