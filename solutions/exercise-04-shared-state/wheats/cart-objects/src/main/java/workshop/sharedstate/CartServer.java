package workshop.sharedstate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cart service with one {@link Cart} object per user, each looking after itself, and
 * concurrent collections for what the whole process shares.
 */
public final class CartServer {

    private static final ConcurrentMap<String, Cart> carts = new ConcurrentHashMap<>();
    private static final AtomicInteger orders = new AtomicInteger();
    private static final AtomicLong requests = new AtomicLong();
    private static final BlockingQueue<String> recent = new ArrayBlockingQueue<>(100);

    private static Storage storage;

    public static void main(String[] args) throws IOException {
        String host = env("HOST", "127.0.0.1");
        int port = number("PORT", env("PORT", "8080"), 65535);
        storage = new Storage(Duration.ofMillis(number("STORAGE_DELAY_MS", env("STORAGE_DELAY_MS", "50"), 60_000)));

        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            System.err.println("Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
            System.exit(1);
            return;
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext("/stats", exchange -> serve(exchange, "GET", CartServer::stats));
        server.createContext("/cart", exchange -> serve(exchange, null, CartServer::cart));
        server.createContext("/checkout", exchange -> serve(exchange, "POST", CartServer::checkout));
        server.createContext("/", exchange -> serve(exchange, null, e -> reply(e, 404, "Not found: " + e.getRequestURI().getPath() + "\n")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping");
            server.stop(0);
            threads.shutdownNow();
        }));
        server.start();
        System.out.println("Listening on http://" + host + ":" + server.getAddress().getPort());
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void serve(HttpExchange exchange, String onlyMethod, Handler handler) throws IOException {
        String line = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        System.out.println(line);
        requests.incrementAndGet();
        // Bounded: when full, the oldest line makes room.
        while (!recent.offer(line)) {
            recent.poll();
        }
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            try {
                if (onlyMethod != null && !onlyMethod.equals(exchange.getRequestMethod())) {
                    reply(exchange, 405, "Method not allowed: " + exchange.getRequestMethod() + "\n");
                } else {
                    handler.handle(exchange);
                }
            } catch (RuntimeException e) {
                reply(exchange, 500, "Internal server error: " + e + "\n");
            }
        }
    }

    private static String userOf(HttpExchange exchange) throws IOException {
        String user = exchange.getRequestHeaders().getFirst("X-User");
        if (user == null || user.isBlank()) {
            reply(exchange, 401, "Who are you? Send your name in the X-User header, e.g. X-User: alice\n");
            return null;
        }
        return user.trim();
    }

    private static void cart(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/cart")) {
            reply(exchange, 404, "Not found: " + exchange.getRequestURI().getPath() + "\n");
            return;
        }
        String user = userOf(exchange);
        if (user == null) {
            return;
        }
        Cart cart = carts.computeIfAbsent(user, u -> new Cart());
        if (exchange.getRequestMethod().equals("GET")) {
            List<String> items = cart.items();
            reply(exchange, 200, items.isEmpty() ? user + "'s cart is empty\n" : user + "'s cart: " + String.join(", ", items) + "\n");
        } else if (exchange.getRequestMethod().equals("POST")) {
            String query = exchange.getRequestURI().getQuery();
            // Parameters other than item are ignored, as the contract says.
            String item = query == null ? "" : java.util.Arrays.stream(query.split("&"))
                    .filter(pair -> pair.startsWith("item=")).map(pair -> pair.substring(5)).findFirst().orElse("");
            if (item.isBlank()) {
                reply(exchange, 400, "Say which item to add: POST /cart?item=apple\n");
                return;
            }
            List<String> items = cart.add(item);
            storage.saveCart(user, items);
            reply(exchange, 200, "added " + item + " to " + user + "'s cart: " + String.join(", ", items) + "\n");
        } else {
            reply(exchange, 405, "Method not allowed: " + exchange.getRequestMethod() + "\n");
        }
    }

    private static void checkout(HttpExchange exchange) throws IOException {
        String user = userOf(exchange);
        if (user == null) {
            return;
        }
        List<String> items = carts.computeIfAbsent(user, u -> new Cart()).takeAll();
        if (items.isEmpty()) {
            reply(exchange, 409, user + "'s cart is empty: add an item before checking out\n");
            return;
        }
        int number = orders.incrementAndGet();
        storage.saveOrder(number, user, items);
        reply(exchange, 200, "order " + number + " for " + user + ": " + String.join(", ", items) + "\n");
    }

    private static void stats(HttpExchange exchange) throws IOException {
        List<String> lines = List.copyOf(recent);
        reply(exchange, 200, "requests served: " + requests.get() + "\n"
                + "orders placed: " + orders.get() + "\n"
                + "recent requests kept: " + lines.size() + " (at most 100)\n"
                + String.join("\n", lines) + "\n");
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
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
