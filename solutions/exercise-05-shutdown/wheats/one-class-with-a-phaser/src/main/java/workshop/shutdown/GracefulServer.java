package workshop.shutdown;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The same server in one class: a filter counts the requests in flight as parties of a
 * {@link Phaser}, and the orders go to a {@link FileOutputStream} synced after every write.
 */
public final class GracefulServer {

    private static volatile String state = "starting";

    public static void main(String[] args) throws Exception {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        if (host.isBlank() || !isLocal(host)) {
            System.err.println("HOST=\"" + host + "\" is not an address of this machine: use one, such as 127.0.0.1 or localhost");
            System.exit(2);
        }
        int port = setting("PORT", 8080, 65535);
        int startupDelayMs = setting("STARTUP_DELAY_MS", 0, Integer.MAX_VALUE);
        int graceMs = setting("SHUTDOWN_GRACE_MS", 10_000, Integer.MAX_VALUE);
        String dataFile = System.getenv().getOrDefault("DATA_FILE", "orders.txt");
        FileOutputStream orders;
        try {
            orders = new FileOutputStream(dataFile, true);
        } catch (IOException e) {
            System.err.println("DATA_FILE=" + dataFile + " cannot be opened: " + e.getMessage() + "; use a file in a folder you may write to");
            System.exit(2);
            return;
        }

        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            System.err.println("Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): free port " + port + " or set PORT to another");
            System.exit(1);
            return;
        }
        // One party for the stopping hook; each request joins while it runs.
        Phaser inFlight = new Phaser(1);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", exchange -> handle(exchange, orders)).getFilters().add(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                inFlight.register();
                try {
                    chain.doFilter(exchange);
                } finally {
                    inFlight.arriveAndDeregister();
                }
            }

            @Override
            public String description() {
                return "counts requests in flight";
            }
        });

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (GracefulServer.class) {
                state = "stopping";
            }
            System.out.println("Stopping: not ready, every new request gets 503");
            // Capped: JDK 17 turns the delay into int milliseconds, and past 2147483 s it cuts off at once.
            Thread closer = new Thread(() -> server.stop(Math.min(graceMs / 1000 + 1, Integer.MAX_VALUE / 1000)));
            closer.setDaemon(true);
            closer.start();
            System.out.println("Stopping: listening socket closing, no new connections");
            System.out.println("Stopping: " + (inFlight.getRegisteredParties() - 1) + " requests in flight, waiting at most " + graceMs + " ms");
            try {
                inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), graceMs, TimeUnit.MILLISECONDS);
                System.out.println("Stopping: every request finished");
            } catch (TimeoutException | InterruptedException e) {
                System.out.println("Stopping: grace over, requests still running are cut off");
            }
            // Ends the server's own thread now, which would otherwise hold the JVM's exit up by about 0.3 s.
            server.stop(0);
            try {
                orders.getFD().sync();
                orders.close();
                System.out.println("Stopping: DATA_FILE synced and closed");
            } catch (IOException e) {
                System.out.println("Stopping: DATA_FILE close failed: " + e.getMessage());
            }
            System.out.println("Stopped");
        }));

        server.start();
        System.out.println("Listening on http://" + host + ":" + server.getAddress().getPort());
        Thread.sleep(startupDelayMs);
        synchronized (GracefulServer.class) {
            if (state.equals("starting")) {
                state = "serving";
                System.out.println("Ready");
            }
        }
    }

    private static void handle(HttpExchange exchange, FileOutputStream orders) throws IOException {
        System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        String current = state;
        if (path.equals("/health/live")) {
            reply(exchange, 200, "alive");
        } else if (path.equals("/health/ready")) {
            reply(exchange, current.equals("serving") ? 200 : 503, current);
        } else if (!current.equals("serving")) {
            reply(exchange, 503, current);
        } else if (path.equals("/work") && query != null && query.matches("(.*&)?ms=\\d{1,9}(&.*)?")) {
            try {
                Thread.sleep(Long.parseLong(query.replaceFirst("^(.*&)?ms=(\\d{1,9})(&.*)?$", "$2")));
                reply(exchange, 200, "done");
            } catch (InterruptedException e) {
                reply(exchange, 503, "interrupted");
            }
        } else if (path.equals("/orders") && exchange.getRequestMethod().equals("POST") && !body.isEmpty() && body.lines().count() == 1) {
            boolean stored;
            synchronized (orders) {
                try {
                    orders.write((body + "\n").getBytes(StandardCharsets.UTF_8));
                    orders.getFD().sync();
                    stored = true;
                } catch (IOException e) {
                    stored = false;
                }
            }
            reply(exchange, stored ? 201 : 500, stored ? "stored" : "not stored");
        } else if (path.equals("/work") || path.equals("/orders") && exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 400, path.equals("/work") ? "ms must be a whole number of milliseconds" : "an order is one line of text");
        } else {
            reply(exchange, 404, "no such thing");
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    private static int setting(String name, int fallback, int max) {
        String text = System.getenv(name);
        if (text == null) {
            return fallback;
        }
        if (text.matches("\\d{1,10}") && Long.parseLong(text) <= max) {
            return Integer.parseInt(text);
        }
        System.err.println(name + "=" + text + " is not a whole number from 0 to " + max);
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
