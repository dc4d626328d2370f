import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a running server with C clients at once, each asking for /slow?ms=D again and again, and
 * prints the throughput and the latency percentiles next to Little's law's ceiling, C / D.
 *
 * <pre>
 *   java exercise-03-lifecycle/experiment/LoadGenerator.java http://127.0.0.1:8080 100 100
 *                                                            server URL        C   D (ms)  [seconds, default 10]
 * </pre>
 *
 * Each client opens a connection, sends one request, reads the whole response and starts over:
 * a closed loop, so at most C requests are ever in flight. Responses that end in the first 2 s
 * warm the server up and are not counted.
 */
public final class LoadGenerator {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("Usage: java exercise-03-lifecycle/experiment/LoadGenerator.java <server URL> <clients C> <delay D in ms> [seconds]");
            System.exit(2);
        }
        URI server = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int delayMillis = Integer.parseInt(args[2]);
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String request = "GET /slow?ms=" + delayMillis + " HTTP/1.1\r\nHost: " + server.getAuthority() + "\r\nConnection: close\r\n\r\n";

        long warmupEnds = System.nanoTime() + 2_000_000_000L;
        long ends = warmupEnds + seconds * 1_000_000_000L;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < ends) {
                    long start = System.nanoTime();
                    boolean ok = exchange(server, request);
                    long end = System.nanoTime();
                    if (end >= warmupEnds && end <= ends) {
                        if (ok) {
                            latencies.add((end - start) / 1_000);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
            });
            client.start();
            threads.add(client);
        }
        for (Thread client : threads) {
            client.join();
        }

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double throughput = sorted.size() / (double) seconds;
        double ceiling = clients * 1000.0 / delayMillis;
        System.out.printf("C=%d clients, D=%d ms, %d s measured: %d responses, %d errors%n", clients, delayMillis, seconds, sorted.size(), errors.get());
        System.out.printf("throughput %.0f requests/s   Little's law ceiling C/D = %.0f requests/s   (%.0f%% of it)%n",
                throughput, ceiling, 100 * throughput / ceiling);
        System.out.printf("latency ms: p50 %s   p90 %s   p99 %s   max %s%n",
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 100));
    }

    /** One request on a new connection; true for a whole 200 response. */
    private static boolean exchange(URI server, String request) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] response = in.readAllBytes();
            return new String(response, 0, Math.min(12, response.length), StandardCharsets.ISO_8859_1).equals("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static String percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return String.format("%.1f", sorted.get(Math.max(0, index)) / 1000.0);
    }
}
