package dev.edgeplane.lb.act.iptables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.edgeplane.lb.decide.ServiceKey;

/**
 * One port of a Kubernetes service, which kube-proxy gives its own chain. Names are checked
 * against the Kubernetes rules for DNS labels and port names, because they end up in iptables
 * rule text.
 *
 * @param service the service
 * @param portName the port's name, empty for a service's only, unnamed port
 * @param protocol the port's protocol
 */
public record ServicePort(ServiceKey service, String portName, Protocol protocol) {

    /** Prefix of every chain Edgeplane creates; the applier treats every chain with it as its own. */
    public static final String CHAIN_PREFIX = "EDGEPLANE-SVC-";

    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern PORT_NAME = Pattern.compile("([a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?)?");

    public ServicePort {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(protocol, "protocol");
        requireDnsName("namespace", service.namespace());
        requireDnsName("service name", service.name());
        if (!PORT_NAME.matcher(portName).matches()) {
            throw new IllegalArgumentException("Invalid port name '" + portName + "' of service " + service
                    + ": use at most 15 lower-case letters, digits and inner dashes, or empty for an unnamed port");
        }
    }

    /**
     * Returns kube-proxy's name, {@code namespace/name:port}, or {@code namespace/name} for an
     * unnamed port.
     */
    public String servicePortName() {
        return portName.isEmpty() ? service.toString() : service + ":" + portName;
    }

    /**
     * Returns the chain kube-proxy (iptables mode) creates for this port: {@code KUBE-SVC-}
     * followed by the first 16 characters of the base32 SHA-256 of the service port name and the
     * lower-case protocol.
     */
    public String kubeProxyChain() {
        return "KUBE-SVC-" + hash(servicePortName() + protocol.iptablesName(), 16);
    }

    /**
     * Returns the chain Edgeplane creates for this port: {@code EDGEPLANE-SVC-} followed by 14
     * base32 characters of a hash of the port, 28 characters in all, the longest chain name
     * iptables accepts.
     */
    public String edgeplaneChain() {
        return CHAIN_PREFIX + hash("edgeplane:" + servicePortName() + "/" + protocol.iptablesName(), 14);
    }

    private static String hash(String text, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return base32(digest).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM, which every Java platform must provide", e);
        }
    }

    /** Encodes with the RFC 4648 base32 alphabet, as Go's base32.StdEncoding does; the JDK has none. */
    private static String base32(byte[] bytes) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 0x1f));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 0x1f));
        }
        return out.toString();
    }

    private static void requireDnsName(String what, String value) {
        if (!DNS_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid " + what + " '" + value
                    + "': Kubernetes names are lower-case letters, digits, dots and inner dashes");
        }
    }

    @Override
    public String toString() {
        return servicePortName() + "/" + protocol;
    }
}
