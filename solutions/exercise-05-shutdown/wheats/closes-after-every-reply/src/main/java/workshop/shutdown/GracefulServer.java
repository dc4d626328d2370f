package workshop.shutdown;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The same server, written another way: every response says {@code Connection: close}, so each
 * request has a connection of its own; a request is taken or turned away the moment it arrives,
 * before its body is read; the requests in flight hold permits of a {@link Semaphore}, and the stop
 * takes all of them back; DATA_FILE is opened with DSYNC, so each write returns once it is on the disk.
 */
public final class GracefulServer {

    /** More permits than requests could ever be in flight at once. */
    private static final int ALL = Integer.MAX_VALUE;

    private static final Semaphore inFlight = new Semaphore(ALL);
    private static volatile boolean serving;
    private static volatile boolean stopping;

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        String host = env.getOrDefault("HOST", "127.0.0.1");
        if (host.isBlank() || !isLocal(host)) {
            System.err.println("HOST=\"" + host + "\" is not an address of this machine: set it to one, such as 127.0.0.1");
            System.exit(2);
            return;
        }
        int port = whole(env, "PORT", 8080, 65535);
        int startupDelayMs = whole(env, "STARTUP_DELAY_MS", 0, Integer.MAX_VALUE);
        int graceMs = whole(env, "SHUTDOWN_GRACE_MS", 10_000, Integer.MAX_VALUE);
        Path dataFile = Path.of(env.getOrDefault("DATA_FILE", "orders.txt"));
        FileChannel orders;
        try {
            orders = FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            System.err.println("DATA_FILE=" + dataFile + " cannot be opened for appending (" + e.getMessage() + ")");
            System.exit(2);
            return;
        }

        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            System.err.println("PORT=" + port + " cannot be used on " + host + " (" + e.getMessage() + "): set PORT to a free port");
            System.exit(1);
            return;
        }
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/", exchange -> handle(exchange, orders));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(http, orders, graceMs)));
        http.start();
        System.out.println("Listening on http://" + host + ":" + http.getAddress().getPort());

        Thread.sleep(startupDelayMs);
        serving = !stopping;
        System.out.println("Warm-up over after " + startupDelayMs + " ms");
    }

    private static void handle(HttpExchange exchange, FileChannel orders) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        System.out.println(method + " " + exchange.getRequestURI());
        try (exchange) {
            if (path.equals("/health/live")) {
                reply(exchange, 200, "live");
            } else if (path.equals("/health/ready")) {
                reply(exchange, serving ? 200 : 503, serving ? "ready" : "not ready");
            } else if (!serving || !inFlight.tryAcquire()) {
                // Decided as it arrives: during the warm-up, or once the stop has taken the permits.
                reply(exchange, 503, "not serving");
            } else {
                try {
                    serve(exchange, method, path, orders);
                } finally {
                    inFlight.release();
                }
            }
        }
    }

    private static void serve(HttpExchange exchange, String method, String path, FileChannel orders) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (method.equals("GET") && path.equals("/work")) {
            long ms = -1;
            String query = exchange.getRequestURI().getQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                String[] nameValue = pair.split("=", 2);
                if (nameValue[0].equals("ms") && nameValue.length == 2 && nameValue[1].matches("\\d{1,9}")) {
                    ms = Long.parseLong(nameValue[1]);
                }
            }
            if (ms < 0) {
                reply(exchange, 400, "GET /work needs ms=<milliseconds>");
                return;
            }
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "worked " + ms + " ms");
        } else if (method.equals("POST") && path.equals("/orders")) {
            if (body.isEmpty() || body.contains("\n")) {
                reply(exchange, 400, "an order is one line of text");
                return;
            }
            try {
                ByteBuffer line = StandardCharsets.UTF_8.encode(body + "\n");
                synchronized (orders) {
                    while (line.hasRemaining()) {
                        orders.write(line);
                    }
                }
            } catch (IOException e) {
                reply(exchange, 500, "not stored: " + e.getMessage());
                return;
            }
            reply(exchange, 201, "stored");
        } else {
            reply(exchange, 404, "not found");
        }
    }

    private static void stop(HttpServer http, FileChannel orders, int graceMs) {
        stopping = true;
        serving = false;
        System.out.println("Stopping: not ready any more");
        // At most 2147483 s: JDK 17 counts the delay in int milliseconds, and past that it cuts off at once.
        Thread closer = new Thread(() -> http.stop(Math.min(graceMs / 1000 + 2, Integer.MAX_VALUE / 1000)));
        closer.setDaemon(true);
        closer.start();
        System.out.println("Stopping: no new connections");
        System.out.println("Stopping: waiting at most " + graceMs + " ms for " + (ALL - inFlight.availablePermits()) + " requests in flight");
        boolean all;
        try {
            all = inFlight.tryAcquire(ALL, graceMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            all = false;
        }
        System.out.println(all ? "Stopping: finished every request" : "Stopping: grace over, the rest are cut off");
        // The HttpServer's own thread, still waiting in a system call, would hold the exit up by about 0.3 s.
        http.stop(0);
        try {
            orders.close();
            System.out.println("Stopping: DATA_FILE closed");
        } catch (IOException e) {
            System.out.println("Stopping: DATA_FILE not closed: " + e.getMessage());
        }
        System.out.println("Stopped");
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        // The JDK's server closes the connection after a response that says so.
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static int whole(Map<String, String> env, String name, int fallback, int max) {
        String text = env.get(name);
        if (text == null) {
            return fallback;
        }
        if (text.matches("\\d{1,10}") && Long.parseLong(text) <= max) {
            return Integer.parseInt(text);
        }
        System.err.println(name + "=\"" + text + "\" is not a whole number from 0 to " + max);
        System.exit(2);
        return fallback;
    }

    /** Whether {@code host} names an address this machine has (0.0.0.0: all of them). */
    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
