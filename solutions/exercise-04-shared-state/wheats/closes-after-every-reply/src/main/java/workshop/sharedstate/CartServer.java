// Wheat: the reference answer, closing the connection after every response (Connection: close).
// HTTP/1.1 allows it and the README asks for no keep-alive, so every check must pass: clients reconnect.
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
 * A small shop's cart service, safe for many users at once.
 *
 * <p>The process lives on between requests, and every request runs on one of a pool of threads
 * that all see the same fields. So each piece of state lives where it belongs:
 * <ul>
 *   <li>the request's own things (who asks, which item) in local variables and parameters;</li>
 *   <li>each user's cart in a map keyed by user, whose values are never changed in place;</li>
 *   <li>the process-wide things (order numbers, counters, recent requests) in fields built for
 *       many threads, and bounded.</li>
 * </ul>
 */
public final class CartServer {

    private static final int THREADS = 16;
    private static final int RECENT_KEPT = 100;

    // Per user: each value is an immutable list, replaced in one atomic step (merge, remove).
    private static final Map<String, List<String>> carts = new ConcurrentHashMap<>();

    // Per process, shared on purpose; each is updated in one atomic step.
    private static final AtomicInteger lastOrderNumber = new AtomicInteger();
    private static final AtomicLong requestsServed = new AtomicLong();

    // Per process, bounded: the oldest line goes when a new one comes.
    private static final Deque<String> recentRequests = new ArrayDeque<>();

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
                remember(request);
                exchange.getRequestBody().readAllBytes();
                route(exchange);
            } catch (RuntimeException e) {
                // A bug must still give the client an answer: a 500 with the reason, not a dropped connection.
                send(exchange, 500, "Internal server error: " + e + "\n");
            }
        }
    }

    private static void remember(String request) {
        synchronized (recentRequests) {
            recentRequests.addLast(request);
            if (recentRequests.size() > RECENT_KEPT) {
                recentRequests.removeFirst();
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
        // Who asks belongs to this request alone: a local variable, passed on as a parameter.
        String user = exchange.getRequestHeaders().getFirst("X-User");
        if (user == null || user.isBlank()) {
            send(exchange, 401, "Who are you? Send your name in the X-User header, e.g. X-User: alice\n");
            return;
        }
        user = user.trim();
        if (path.equals("/checkout")) {
            if (method.equals("POST")) {
                checkout(exchange, user);
            } else {
                notAllowed(exchange, "POST");
            }
        } else if (method.equals("GET")) {
            showCart(exchange, user);
        } else if (method.equals("POST")) {
            addItem(exchange, user);
        } else {
            notAllowed(exchange, "GET, POST");
        }
    }

    private static void showCart(HttpExchange exchange, String user) throws IOException {
        List<String> items = carts.getOrDefault(user, List.of());
        send(exchange, 200, items.isEmpty() ? user + "'s cart is empty\n" : user + "'s cart: " + String.join(", ", items) + "\n");
    }

    private static void addItem(HttpExchange exchange, String user) throws IOException {
        String item = queryParameter(exchange, "item");
        if (item == null || item.isBlank()) {
            send(exchange, 400, "Say which item to add: POST /cart?item=apple\n");
            return;
        }
        // merge is atomic: two tabs adding at once both land, and nobody sees a half-changed list.
        List<String> items = carts.merge(user, List.of(item), CartServer::concat);
        storage.saveCart(user, items);
        send(exchange, 200, "added " + item + " to " + user + "'s cart: " + String.join(", ", items) + "\n");
    }

    private static List<String> concat(List<String> before, List<String> added) {
        List<String> items = new ArrayList<>(before);
        items.addAll(added);
        return List.copyOf(items);
    }

    private static void checkout(HttpExchange exchange, String user) throws IOException {
        List<String> items = carts.remove(user);
        if (items == null) {
            send(exchange, 409, user + "'s cart is empty: add an item before checking out\n");
            return;
        }
        // Take the number in one atomic step, before the slow write: no two orders share it.
        int number = lastOrderNumber.incrementAndGet();
        storage.saveOrder(number, user, items);
        send(exchange, 200, "order " + number + " for " + user + ": " + String.join(", ", items) + "\n");
    }

    private static String stats() {
        List<String> recent;
        synchronized (recentRequests) {
            recent = new ArrayList<>(recentRequests);
        }
        return "requests served: " + requestsServed.get() + "\n"
                + "orders placed: " + lastOrderNumber.get() + "\n"
                + "recent requests kept: " + recent.size() + " (at most " + RECENT_KEPT + ")\n"
                + String.join("\n", recent) + "\n";
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
        // HTTP/1.1 lets a server close after any response if it says so; the JDK's HttpServer then closes the connection.
        exchange.getResponseHeaders().set("Connection", "close");
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
