package dev.edgeplane.testbed.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.edgeplane.testbed.internal.ChildProcess;

/**
 * Measures round-trip times from the namespace it runs in: UDP echo round trips, TCP connect
 * times and TCP echo round trips (one byte over a connected socket) to one address. Arguments:
 * {@code ADDRESS UDP_PORT TCP_PORT COUNT TIMEOUT_MS}. Prints the ready line, then one line per
 * kind: the kind and the samples in microseconds, {@code -1} for a lost probe, and exits.
 */
public final class ProbeMain {

    /** Kinds of sample, the first word of each result line. */
    public static final String UDP_ECHO = "udp-echo-us";
    public static final String TCP_CONNECT = "tcp-connect-us";
    public static final String TCP_ECHO = "tcp-echo-us";

    private ProbeMain() {
    }

    public static void main(String[] args) throws IOException {
        String address = args[0];
        int udpPort = Integer.parseInt(args[1]);
        int tcpPort = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        int timeoutMs = Integer.parseInt(args[4]);
        System.out.println(ChildProcess.READY_LINE);

        List<Long> udp = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(timeoutMs);
            socket.connect(new InetSocketAddress(address, udpPort));
            for (int i = 0; i < count; i++) {
                udp.add(udpRoundTrip(socket, i, timeoutMs));
            }
        }
        List<Long> connect = new ArrayList<>();
        List<Long> echo = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long connectMicros = -1;
            long echoMicros = -1;
            try (Socket socket = new Socket()) {
                long start = System.nanoTime();
                socket.connect(new InetSocketAddress(address, tcpPort), timeoutMs);
                connectMicros = (System.nanoTime() - start) / 1_000;
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(timeoutMs);
                InputStream in = socket.getInputStream();
                long sent = System.nanoTime();
                socket.getOutputStream().write(i & 0x7f);
                if (in.read() >= 0) {
                    echoMicros = (System.nanoTime() - sent) / 1_000;
                }
            } catch (IOException e) {
                // A refused or timed-out probe counts as lost, -1.
            }
            connect.add(connectMicros);
            echo.add(echoMicros);
        }
        print(UDP_ECHO, udp);
        print(TCP_CONNECT, connect);
        print(TCP_ECHO, echo);
    }

    /** Sends datagram {@code sequence} and waits for its echo; an echo of an earlier, late datagram is skipped. */
    private static long udpRoundTrip(DatagramSocket socket, int sequence, int timeoutMs) throws IOException {
        byte[] payload = ByteBuffer.allocate(8).putInt(sequence).putInt(0x45505042).array();
        long start = System.nanoTime();
        socket.send(new DatagramPacket(payload, payload.length));
        byte[] buffer = new byte[64];
        long deadline = start + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return -1;
            }
            if (reply.getLength() == 8 && ByteBuffer.wrap(buffer).getInt() == sequence) {
                return (System.nanoTime() - start) / 1_000;
            }
        }
        return -1;
    }

    private static void print(String kind, List<Long> samples) {
        System.out.println(kind + " " + samples.stream().map(String::valueOf).collect(Collectors.joining(" ")));
    }
}
