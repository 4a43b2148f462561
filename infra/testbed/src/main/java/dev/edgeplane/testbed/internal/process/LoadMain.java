package dev.edgeplane.testbed.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.edgeplane.testbed.internal.ChildProcess;

/**
 * Sends HTTP requests to a service address from the namespace it runs in, each on a new TCP
 * connection, so that the kernel's nat rules pick an endpoint for every request. Arguments:
 * {@code ADDRESS PORT REQUESTS CONCURRENCY TIMEOUT_MS}. Prints the ready line, then
 * {@code endpoint NAME COUNT} per replica that responded (the body is the replica's name),
 * {@code errors COUNT}, {@code latency-us MEAN P50 P90 P99 MAX} over the successful requests,
 * {@code elapsed-ms}, and {@code pick TIME_MS NAME} per successful request with the wall-clock time
 * its connection was opened, when the kernel's rules chose the endpoint, and exits.
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        InetSocketAddress service = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int requests = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int timeoutMs = Integer.parseInt(args[4]);
        System.out.println(ChildProcess.READY_LINE);

        Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        long[] latencies = new long[requests];
        long[] connectTimes = new long[requests];
        String[] picked = new String[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicLong firstError = new AtomicLong(-1);
        String[] errorText = new String[1];
        long start = System.nanoTime();
        Thread[] workers = new Thread[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workers[w] = new Thread(() -> {
                int index;
                while ((index = next.getAndIncrement()) < requests) {
                    long sent = System.nanoTime();
                    connectTimes[index] = System.currentTimeMillis();
                    try {
                        String endpoint = request(service, timeoutMs);
                        latencies[index] = (System.nanoTime() - sent) / 1_000;
                        picked[index] = endpoint;
                        byEndpoint.computeIfAbsent(endpoint, name -> new LongAdder()).increment();
                    } catch (IOException e) {
                        latencies[index] = -1;
                        errors.increment();
                        if (firstError.compareAndSet(-1, index)) {
                            errorText[0] = e.toString();
                        }
                    }
                }
            }, "load-" + w);
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        new TreeMap<>(byEndpoint).forEach((name, count) -> System.out.println("endpoint " + name + " " + count.sum()));
        System.out.println("errors " + errors.sum() + (errorText[0] == null ? "" : " first: " + errorText[0]));
        long[] answered = Arrays.stream(latencies).filter(latency -> latency >= 0).sorted().toArray();
        if (answered.length > 0) {
            System.out.println("latency-us " + (long) Arrays.stream(answered).average().orElse(0) + " "
                    + percentile(answered, 0.50) + " " + percentile(answered, 0.90) + " " + percentile(answered, 0.99)
                    + " " + answered[answered.length - 1]);
        }
        System.out.println("elapsed-ms " + elapsedMs);
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            if (picked[i] != null) {
                picks.append("pick ").append(connectTimes[i]).append(' ').append(picked[i]).append('\n');
            }
        }
        System.out.print(picks);
        System.out.flush();
    }

    /** Sends one HTTP/1.0 request on a new connection and returns the body, the replica's name. */
    private static String request(InetSocketAddress service, int timeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(service, timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + service.getHostString()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            int bodyStart = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || !text.substring(9, 12).equals("200") || bodyStart < 0) {
                throw new IOException("Unexpected response: " + text.lines().findFirst().orElse("(empty)"));
            }
            return text.substring(bodyStart + 4).strip();
        }
    }

    /** Nearest-rank percentile of sorted samples. */
    private static long percentile(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
