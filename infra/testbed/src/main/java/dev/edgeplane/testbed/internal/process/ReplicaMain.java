package dev.edgeplane.testbed.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import dev.edgeplane.testbed.internal.ChildProcess;

/**
 * A replica process in an edge-node namespace. It serves HTTP on one port, responding to every
 * request with its own name after an optional service time, and runs a UDP echo and a TCP echo
 * for round-trip probes. Arguments: {@code NAME HTTP_PORT UDP_ECHO_PORT TCP_ECHO_PORT
 * SERVICE_MICROS [SERVICE_FILE]}. With a service file, the service time becomes the number of
 * microseconds the file holds, read every {@value #SERVICE_FILE_POLL_MS} ms, so a fault can slow the
 * running process. Runs until SIGTERM.
 */
public final class ReplicaMain {

    static final long SERVICE_FILE_POLL_MS = 100;

    private ReplicaMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 6) {
            throw new IllegalArgumentException("Usage: ReplicaMain NAME HTTP_PORT UDP_ECHO_PORT TCP_ECHO_PORT "
                    + "SERVICE_MICROS [SERVICE_FILE]");
        }
        String name = args[0];
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        AtomicLong serviceTime = new AtomicLong(Long.parseLong(args[4]));
        if (args.length == 6) {
            followServiceFile(Path.of(args[5]), serviceTime);
        }

        ExecutorService workers = Executors.newFixedThreadPool(16);
        HttpServer http = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[1])), 1024);
        http.setExecutor(workers);
        http.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                long serviceMicros = serviceTime.get();
                if (serviceMicros > 0) {
                    TimeUnit.MICROSECONDS.sleep(serviceMicros);
                }
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        http.start();

        DatagramSocket udp = new DatagramSocket(Integer.parseInt(args[2]));
        Thread udpEcho = new Thread(() -> echoDatagrams(udp), "udp-echo");
        udpEcho.setDaemon(true);
        udpEcho.start();
        ServerSocket tcp = new ServerSocket(Integer.parseInt(args[3]), 128);
        Thread tcpEcho = new Thread(() -> acceptEchoes(tcp), "tcp-echo");
        tcpEcho.setDaemon(true);
        tcpEcho.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop(0);
            workers.shutdownNow();
            udp.close();
            try {
                tcp.close();
            } catch (IOException e) {
                // The process ends anyway.
            }
            stopped.countDown();
        }, "replica-shutdown"));
        System.out.println(ChildProcess.READY_LINE);
        System.out.flush();
        stopped.await();
    }

    /** Starts a daemon thread that copies the file's number into {@code serviceTime} whenever it changes. */
    private static void followServiceFile(Path file, AtomicLong serviceTime) {
        Thread follower = new Thread(() -> {
            String last = "";
            while (true) {
                try {
                    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
                    if (!text.isEmpty() && !text.equals(last)) {
                        serviceTime.set(Long.parseLong(text));
                        System.out.println("service time " + text + " us");
                        last = text;
                    }
                    Thread.sleep(SERVICE_FILE_POLL_MS);
                } catch (IOException | NumberFormatException e) {
                    System.err.println("Reading the service time from " + file + " failed, keeping "
                            + serviceTime.get() + " us: " + e);
                    last = "";
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "service-file");
        follower.setDaemon(true);
        follower.start();
    }

    private static void echoDatagrams(DatagramSocket socket) {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("UDP echo failed: " + e);
                }
            }
        }
    }

    private static void acceptEchoes(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread echo = new Thread(() -> echoStream(socket), "tcp-echo-connection");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("TCP echo accept failed: " + e);
                }
            }
        }
    }

    private static void echoStream(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            byte[] buffer = new byte[2048];
            int count;
            while ((count = in.read(buffer)) > 0) {
                out.write(buffer, 0, count);
            }
        } catch (IOException e) {
            // The prober closed or reset the connection; the echo ends with it.
        }
    }
}
