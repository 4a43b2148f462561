package dev.edgeplane.testbed.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.edgeplane.lb.act.process.ProcessRunner;
import dev.edgeplane.testbed.LinkSettings;
import dev.edgeplane.testbed.TestbedException;
import dev.edgeplane.testbed.TestbedNamespace;

/**
 * The {@code ip}, {@code tc} and {@code iptables} commands that build and change the topology.
 * Every command names a namespace of the testbed ({@code ip -n}, {@code ip netns exec}), so none
 * touches the host's own namespace. Blocks while the commands run; thread-safe.
 */
public final class NetworkSetup {

    /** The nat chain in the core that sends each namespace's traffic to the relay. */
    public static final String RELAY_CHAIN = "EP-RELAY";

    private final Commands commands;

    public NetworkSetup(Commands commands) {
        this.commands = commands;
    }

    /** Creates the namespaces {@code names}, in one {@code ip -batch} run, and brings their loopbacks up. */
    public void addNamespaces(List<String> names) {
        batch(null, names.stream().map(name -> "netns add " + name).toList());
        for (String name : names) {
            batch(name, List.of("link set lo up"));
        }
    }

    /**
     * Joins each of {@code namespaces} to {@code core} with a veth pair created inside the core,
     * gives both ends their /30 addresses and routes each namespace's traffic through the core.
     */
    public void addLinks(String core, List<TestbedNamespace> namespaces, AddressPlan addresses) {
        List<String> coreLines = new ArrayList<>();
        for (TestbedNamespace namespace : namespaces) {
            String coreEnd = namespace.coreInterface();
            coreLines.add("link add " + coreEnd + " type veth peer name " + TestbedNamespace.INTERFACE + " netns "
                    + namespace.name());
            coreLines.add("addr add " + addresses.coreAddress(namespace.link()) + "/30 dev " + coreEnd);
            coreLines.add("link set " + coreEnd + " up");
        }
        batch(core, coreLines);
        for (TestbedNamespace namespace : namespaces) {
            batch(namespace.name(), List.of(
                    "addr add " + namespace.address() + "/30 dev " + TestbedNamespace.INTERFACE,
                    "link set " + TestbedNamespace.INTERFACE + " up",
                    "route add default via " + addresses.coreAddress(namespace.link())));
        }
    }

    /**
     * Runs {@code lines} as {@code ip} commands in one {@code ip -batch} process, inside
     * {@code namespace} unless it is null; ip stops at the first failing line and names it.
     */
    private void batch(String namespace, List<String> lines) {
        List<String> command = new ArrayList<>(List.of("ip"));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        command.addAll(List.of("-batch", "-"));
        commands.run(command, String.join("\n", lines) + "\n");
    }

    /** Turns on IPv4 forwarding in {@code core}; the sysctl belongs to that namespace alone. */
    public void enableForwarding(String core) {
        commands.runIn(core, List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
    }

    /**
     * Gives the core the relay's address of every link and sends every packet addressed to a
     * namespace to that address instead, keeping its port, in one iptables-restore transaction.
     */
    public void routeThroughRelay(String core, List<TestbedNamespace> namespaces, AddressPlan plan) {
        List<String> addresses = new ArrayList<>();
        StringBuilder rules = new StringBuilder("*nat\n:" + RELAY_CHAIN + " - [0:0]\n");
        rules.append("-A PREROUTING -j ").append(RELAY_CHAIN).append('\n');
        for (TestbedNamespace namespace : namespaces) {
            String relay = plan.relayAddress(namespace.link());
            addresses.add("addr add " + relay + "/32 dev lo");
            rules.append("-A ").append(RELAY_CHAIN).append(" -d ").append(namespace.address())
                    .append("/32 -m comment --comment ").append(namespace.name())
                    .append(" -j DNAT --to-destination ").append(relay).append('\n');
        }
        rules.append("COMMIT\n");
        batch(core, addresses);
        commands.run(Commands.inNamespace(core, List.of("iptables-restore", "--noflush")), rules.toString());
    }

    /**
     * Returns whether the kernel has the netem qdisc, found by adding one to the loopback of
     * {@code namespace} and removing it again, and the kernel's error when it has not.
     */
    public Probe probeNetem(String namespace) {
        ProcessRunner.Result result = commands.attempt(List.of("ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev",
                "lo", "root", "netem", "delay", "1ms"), "");
        if (result.exitStatus() != 0) {
            return new Probe(false, result.errors());
        }
        commands.runIn(namespace, List.of("tc", "qdisc", "del", "dev", "lo", "root"));
        return new Probe(true, "");
    }

    /** Outcome of the netem probe. */
    public record Probe(boolean available, String reason) {
    }

    /**
     * Applies {@code settings} with netem on both ends of a link: the core's end delays what goes
     * to the namespace and the namespace's end what leaves it, so each direction is delayed once.
     * netem's loss applies to every packet, TCP included.
     */
    public void applyNetem(String core, TestbedNamespace namespace, LinkSettings settings) {
        // NOTE: never run on the machine this was written on, whose kernel lacks netem; the relay path is the tested one.
        List<String> options = new ArrayList<>(List.of("netem", "delay", settings.delayMicros() + "us"));
        if (settings.jitterMicros() > 0) {
            options.add(settings.jitterMicros() + "us");
        }
        if (settings.lossRatio() > 0) {
            options.addAll(List.of("loss", String.format(Locale.ROOT, "%.4f%%", settings.lossRatio() * 100)));
        }
        if (settings.rateKbitPerSecond() > 0) {
            options.addAll(List.of("rate", settings.rateKbitPerSecond() + "kbit"));
        }
        replaceRoot(core, namespace.coreInterface(), options);
        replaceRoot(namespace.name(), TestbedNamespace.INTERFACE, options);
    }

    /** Shapes both ends of a link with tbf at {@code rateKbit}, or removes the shaping when it is 0. */
    public void applyRate(String core, TestbedNamespace namespace, long rateKbit) {
        if (rateKbit == 0) {
            deleteRoot(core, namespace.coreInterface());
            deleteRoot(namespace.name(), TestbedNamespace.INTERFACE);
            return;
        }
        // A burst of at least one full-size packet plus headroom, and a queue of at most 200 ms.
        List<String> options = List.of("tbf", "rate", rateKbit + "kbit", "burst", Math.max(16, rateKbit / 64) + "kbit",
                "latency", "200ms");
        replaceRoot(core, namespace.coreInterface(), options);
        replaceRoot(namespace.name(), TestbedNamespace.INTERFACE, options);
    }

    /** Sets the core's end of a link up or down; down cuts the namespace off, as a pulled cable would. */
    public void setLinkUp(String core, TestbedNamespace namespace, boolean up) {
        commands.run(List.of("ip", "-n", core, "link", "set", namespace.coreInterface(), up ? "up" : "down"));
    }

    /** Returns the names of every network namespace on the machine. */
    public List<String> listNamespaces() {
        List<String> names = new ArrayList<>();
        for (String line : commands.run(List.of("ip", "netns", "list")).split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Returns the ids of the processes that run inside namespace {@code name}. */
    public List<Long> namespacePids(String name) {
        List<Long> pids = new ArrayList<>();
        for (String line : commands.run(List.of("ip", "netns", "pids", name)).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    /**
     * Deletes namespace {@code name}, which also deletes its veth ends, qdiscs and iptables rules.
     * A namespace that is already gone counts as deleted.
     */
    public void deleteNamespace(String name) {
        ProcessRunner.Result result = commands.attempt(List.of("ip", "netns", "delete", name), "");
        if (result.exitStatus() != 0 && listNamespaces().contains(name)) {
            throw new TestbedException("Command 'ip netns delete " + name + "' failed with exit status "
                    + result.exitStatus() + ": " + result.errors());
        }
    }

    /** Deletes the namespaces {@code names} that still exist, in one {@code ip -batch} run. */
    public void deleteNamespaces(List<String> names) {
        List<String> existing = listNamespaces();
        List<String> lines = names.stream().filter(existing::contains).map(name -> "netns delete " + name).toList();
        if (!lines.isEmpty()) {
            batch(null, lines);
        }
    }

    private void replaceRoot(String namespace, String device, List<String> options) {
        List<String> command = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", device, "root"));
        command.addAll(options);
        commands.runIn(namespace, command);
    }

    private void deleteRoot(String namespace, String device) {
        ProcessRunner.Result result = commands.attempt(Commands.inNamespace(namespace,
                List.of("tc", "qdisc", "del", "dev", device, "root")), "");
        // Deleting the default qdisc fails with these messages; there was nothing to remove.
        if (result.exitStatus() != 0 && !result.errors().contains("handle of zero")
                && !result.errors().contains("No such file")) {
            throw new TestbedException("Command 'tc qdisc del dev " + device + " root' in " + namespace + " failed: "
                    + result.errors());
        }
    }
}
