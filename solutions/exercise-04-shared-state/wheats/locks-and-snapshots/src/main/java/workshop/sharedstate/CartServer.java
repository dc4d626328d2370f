package workshop.sharedstate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cart service with no static state at all: one instance holds the process's state, and a
 * plain lock guards the short steps that read or change it. The slow storage calls run outside the
 * lock, on copies, so users never wait for each other's storage.
 */
public final class CartServer {

    private static final int RECENT_KEPT = 100;

    private final Storage storage;

    // Everything below the lock is read and written only while holding it.
    private final Object lock = new Object();
    private final Map<String, List<String>> carts = new HashMap<>();
    private int ordersPlaced;

    private final LongAdder requestsServed = new LongAdder();

    // A ring of the last RECENT_KEPT request lines, guarded by itself.
    private final String[] recent = new String[RECENT_KEPT];
    private int recentCount;
    private int recentNext;

    private CartServer(Storage storage) {
        this.storage = storage;
    }

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = number("PORT", System.getenv().getOrDefault("PORT", "8080"), 65535);
        int delay = number("STORAGE_DELAY_MS", System.getenv().getOrDefault("STORAGE_DELAY_MS", "50"), 60_000);
        CartServer shop = new CartServer(new Storage(Duration.ofMillis(delay)));

        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            System.err.println("Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
            System.exit(1);
            return;
        }
        server.createContext("/", shop::handle);
        ExecutorService threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping");
            server.stop(0);
            threads.shutdownNow();
        }));
        server.start();
        System.out.println("Listening on http://" + host + ":" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String line = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        System.out.println(line);
        requestsServed.increment();
        synchronized (recent) {
            recent[recentNext] = line;
            recentNext = (recentNext + 1) % RECENT_KEPT;
            recentCount = Math.min(recentCount + 1, RECENT_KEPT);
        }
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            try {
                reply(exchange, answer(exchange));
            } catch (RuntimeException e) {
                reply(exchange, new Answer(500, "Internal server error: " + e + "\n"));
            }
        }
    }

    private record Answer(int status, String text) {
    }

    private Answer answer(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/stats")) {
            return method.equals("GET") ? new Answer(200, stats()) : new Answer(405, "Method not allowed: " + method + "\n");
        }
        if (!path.equals("/cart") && !path.equals("/checkout")) {
            return new Answer(404, "Not found: " + path + "\n");
        }
        String header = exchange.getRequestHeaders().getFirst("X-User");
        if (header == null || header.isBlank()) {
            return new Answer(401, "Who are you? Send your name in the X-User header, e.g. X-User: alice\n");
        }
        String user = header.trim();
        switch (method + " " + path) {
            case "GET /cart":
                return show(user);
            case "POST /cart":
                return add(user, item(exchange));
            case "POST /checkout":
                return checkout(user);
            default:
                return new Answer(405, "Method not allowed: " + method + "\n");
        }
    }

    private Answer show(String user) {
        List<String> items;
        synchronized (lock) {
            items = List.copyOf(carts.getOrDefault(user, List.of()));
        }
        return new Answer(200, items.isEmpty() ? user + "'s cart is empty\n" : user + "'s cart: " + String.join(", ", items) + "\n");
    }

    private Answer add(String user, String item) {
        if (item == null || item.isBlank()) {
            return new Answer(400, "Say which item to add: POST /cart?item=apple\n");
        }
        List<String> snapshot;
        synchronized (lock) {
            List<String> items = carts.computeIfAbsent(user, u -> new ArrayList<>());
            items.add(item);
            snapshot = List.copyOf(items);
        }
        storage.saveCart(user, snapshot);
        return new Answer(200, "added " + item + " to " + user + "'s cart: " + String.join(", ", snapshot) + "\n");
    }

    private Answer checkout(String user) {
        List<String> items;
        int number;
        synchronized (lock) {
            items = carts.remove(user);
            if (items == null || items.isEmpty()) {
                return new Answer(409, user + "'s cart is empty: add an item before checking out\n");
            }
            number = ++ordersPlaced;
        }
        storage.saveOrder(number, user, items);
        return new Answer(200, "order " + number + " for " + user + ": " + String.join(", ", items) + "\n");
    }

    private String stats() {
        StringBuilder text = new StringBuilder();
        int orders;
        synchronized (lock) {
            orders = ordersPlaced;
        }
        text.append("requests served: ").append(requestsServed.sum()).append('\n');
        text.append("orders placed: ").append(orders).append('\n');
        synchronized (recent) {
            text.append("recent requests kept: ").append(recentCount).append(" (at most ").append(RECENT_KEPT).append(")\n");
            for (int i = 0; i < recentCount; i++) {
                text.append(recent[(recentNext - recentCount + i + RECENT_KEPT) % RECENT_KEPT]).append('\n');
            }
        }
        return text.toString();
    }

    private static String item(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("item=")) {
                    return URLDecoder.decode(pair.substring("item=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.text().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private static int number(String variable, String text, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        System.err.println(variable + " must be a number from 0 to " + max + ", got \"" + text + "\"");
        System.exit(2);
        return -1;
    }
}
