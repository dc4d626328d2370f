package workshop.shutdown;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What each path answers. Health probes always get an answer; everything else is served only while
 * the server is ready, and gets 503 while it warms up or stops.
 */
final class Routes {

    private final Supplier<GracefulServer.State> state;
    private final OrderBook orders;

    Routes(Supplier<GracefulServer.State> state, OrderBook orders) {
        this.state = state;
        this.orders = orders;
    }

    void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        // Step 2: one line per request, the URL as sent, query string included.
        System.out.println(method + " " + exchange.getRequestURI());
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            GracefulServer.State now = state.get();
            if (path.equals("/health/live")) {
                // Live: the process runs and answers. Nothing more; a restart would not help otherwise.
                send(exchange, 200, "live\n");
            } else if (path.equals("/health/ready")) {
                send(exchange, now == GracefulServer.State.SERVING ? 200 : 503, now.name().toLowerCase(java.util.Locale.ROOT) + "\n");
            } else if (now != GracefulServer.State.SERVING) {
                // Tell the client to go elsewhere, and not to reuse this connection.
                exchange.getResponseHeaders().set("Connection", "close");
                send(exchange, 503, "Not serving: " + now.name().toLowerCase(java.util.Locale.ROOT) + "\n");
            } else if (path.equals("/work") && method.equals("GET")) {
                work(exchange);
            } else if (path.equals("/orders") && method.equals("POST")) {
                order(exchange, body);
            } else {
                send(exchange, 404, "Not found: " + method + " " + path + "\n");
            }
        }
    }

    private static void work(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long ms = -1;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("ms=")) {
                try {
                    ms = Long.parseLong(pair.substring(3));
                } catch (NumberFormatException e) {
                    ms = -1;
                }
            }
        }
        if (ms < 0) {
            send(exchange, 400, "GET /work needs ms=<milliseconds>, e.g. /work?ms=500\n");
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "Interrupted after less than " + ms + " ms\n");
            return;
        }
        send(exchange, 200, "Worked " + ms + " ms\n");
    }

    private void order(HttpExchange exchange, String body) throws IOException {
        String order = body.strip();
        if (order.isEmpty() || order.contains("\n") || order.contains("\r")) {
            send(exchange, 400, "An order is one non-empty line of text\n");
            return;
        }
        try {
            orders.append(order);
        } catch (IOException e) {
            // Not stored, so not acknowledged: the client knows to try again.
            send(exchange, 500, "Could not store the order: " + e.getMessage() + "\n");
            return;
        }
        send(exchange, 201, "Stored: " + order + "\n");
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
