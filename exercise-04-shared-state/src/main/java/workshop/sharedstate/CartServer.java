package workshop.sharedstate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small shop's cart service. It works when you try it alone, one request at a time. It leaks
 * between users as soon as two of them use it at once. Follow the numbered steps in
 * exercise-04-shared-state/README.md; each TODO below carries the number of its step.
 *
 * <p>Run it by hand:  ./mvnw -q -P by-hand compile -pl exercise-04-shared-state && java -cp exercise-04-shared-state/target/classes workshop.sharedstate.CartServer
 * <br>Grade it:       ./mvnw test -pl exercise-04-shared-state
 */
public final class CartServer {

    private static final int THREADS = 16;

    // TODO 1: "the user we are serving", kept here so that every method can read it without
    //         passing it around. Every request writes it; a slow storage call later reads it back.
    private static String currentUser;

    // TODO 2: the cart, from the days of the demo with one user: one list for everybody.
    // TODO 4: and a plain ArrayList, changed by many threads at once, and handed to the slow
    //         storage, which reads it while other requests add to it.
    private static final List<String> cart = new ArrayList<>();

    // TODO 3: the number of the last order. Today the next order reads it, adds one, and writes
    //         it back only once its slow save is done, so checkouts during a save share a number.
    private static int lastOrderNumber;

    // TODO 5: every request ever served, for the GET /stats page. It is never trimmed.
    private static final List<String> recentRequests = new ArrayList<>();

    // TODO 6: this one is shared on purpose, by every request: keep it shared, and exact.
    private static final AtomicLong requestsServed = new AtomicLong();

    // Written once in main, before the first request; only read after that.
    private static Storage storage;

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = parseNumber("PORT", System.getenv().getOrDefault("PORT", "8080"), 65535);
        int delay = parseNumber("STORAGE_DELAY_MS", System.getenv().getOrDefault("STORAGE_DELAY_MS", "50"), 60_000);
        storage = new Storage(Duration.ofMillis(delay));

        // Responses are written whole: send them at once instead of waiting for the client's ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");

        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            System.err.println("Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
            System.exit(1);
            return;
        }
        server.createContext("/", CartServer::handle);
        // A pool of threads: requests of different users run at the same time.
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        server.setExecutor(pool);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping");
            server.stop(0);
            pool.shutdownNow();
        }));

        server.start();
        System.out.println("Listening on http://" + host + ":" + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        System.out.println(request);

        try (exchange) {
            try {
                requestsServed.incrementAndGet();
                recentRequests.add(request);
                exchange.getRequestBody().readAllBytes();
                route(exchange);
            } catch (RuntimeException e) {
                // A bug must still give the client an answer: a 500 with the reason, not a dropped connection.
                send(exchange, 500, "Internal server error: " + e + "\n");
            }
        }
    }

    private static void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/stats")) {
            if (method.equals("GET")) {
                send(exchange, 200, stats());
            } else {
                notAllowed(exchange, "GET");
            }
            return;
        }
        if (!path.equals("/cart") && !path.equals("/checkout")) {
            send(exchange, 404, "Not found: " + path + "\n");
            return;
        }
        currentUser = exchange.getRequestHeaders().getFirst("X-User");
        if (currentUser == null || currentUser.isBlank()) {
            send(exchange, 401, "Who are you? Send your name in the X-User header, e.g. X-User: alice\n");
            return;
        }
        currentUser = currentUser.trim();
        if (path.equals("/checkout")) {
            if (method.equals("POST")) {
                checkout(exchange);
            } else {
                notAllowed(exchange, "POST");
            }
        } else if (method.equals("GET")) {
            showCart(exchange);
        } else if (method.equals("POST")) {
            addItem(exchange);
        } else {
            notAllowed(exchange, "GET, POST");
        }
    }

    private static void showCart(HttpExchange exchange) throws IOException {
        send(exchange, 200, cart.isEmpty() ? currentUser + "'s cart is empty\n" : currentUser + "'s cart: " + String.join(", ", cart) + "\n");
    }

    private static void addItem(HttpExchange exchange) throws IOException {
        String item = queryParameter(exchange, "item");
        if (item == null || item.isBlank()) {
            send(exchange, 400, "Say which item to add: POST /cart?item=apple\n");
            return;
        }
        cart.add(item);
        storage.saveCart(currentUser, cart);
        send(exchange, 200, "added " + item + " to " + currentUser + "'s cart: " + String.join(", ", cart) + "\n");
    }

    private static void checkout(HttpExchange exchange) throws IOException {
        if (cart.isEmpty()) {
            send(exchange, 409, currentUser + "'s cart is empty: add an item before checking out\n");
            return;
        }
        List<String> items = new ArrayList<>(cart);
        cart.clear();
        int number = lastOrderNumber + 1;
        storage.saveOrder(number, currentUser, items);
        lastOrderNumber = number;
        send(exchange, 200, "order " + number + " for " + currentUser + ": " + String.join(", ", items) + "\n");
    }

    private static String stats() {
        return "requests served: " + requestsServed.get() + "\n"
                + "orders placed: " + lastOrderNumber + "\n"
                + "recent requests kept: " + recentRequests.size() + "\n"
                + String.join("\n", recentRequests) + "\n";
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            }
        }
        return null;
    }

    private static void notAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        send(exchange, 405, "Method not allowed: " + exchange.getRequestMethod() + "\n");
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static int parseNumber(String variable, String text, int max) {
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
