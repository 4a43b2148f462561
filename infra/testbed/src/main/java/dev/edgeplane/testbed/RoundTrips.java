package dev.edgeplane.testbed;

import java.util.List;

/**
 * Round-trip samples measured from one namespace to another, in microseconds, -1 for a lost probe.
 *
 * @param udpEchoMicros UDP datagram to the replica's echo and back
 * @param tcpConnectMicros TCP connect, one handshake; with the relay it ends at the relay
 * @param tcpEchoMicros one byte over an open TCP connection to the replica's echo and back
 */
public record RoundTrips(List<Long> udpEchoMicros, List<Long> tcpConnectMicros, List<Long> tcpEchoMicros) {

    public RoundTrips {
        udpEchoMicros = List.copyOf(udpEchoMicros);
        tcpConnectMicros = List.copyOf(tcpConnectMicros);
        tcpEchoMicros = List.copyOf(tcpEchoMicros);
    }

    /** Returns the median of the samples that got an echo, or -1 when none did. */
    public static long median(List<Long> samples) {
        List<Long> echoed = samples.stream().filter(sample -> sample >= 0).sorted().toList();
        return echoed.isEmpty() ? -1 : echoed.get(echoed.size() / 2);
    }

    /** Returns the share of samples that were lost. */
    public static double lossRatio(List<Long> samples) {
        return samples.isEmpty() ? 0.0 : samples.stream().filter(sample -> sample < 0).count() / (double) samples.size();
    }
}
