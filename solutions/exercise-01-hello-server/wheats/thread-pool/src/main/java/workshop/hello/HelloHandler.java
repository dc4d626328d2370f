package workshop.hello;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers every request: the greeting for {@code GET /} and {@code HEAD /}, a plain reason otherwise. */
final class HelloHandler implements HttpHandler {

    private static final String GREETING = "Hello, world!\n";

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // Closing the exchange completes the response; the JDK then reuses the connection.
        try (exchange) {
            String method = exchange.getRequestMethod();
            // The request URI is the target exactly as the client sent it, query string included.
            System.out.println(method + " " + exchange.getRequestURI());

            // Read the body to its end, used or not, so the next request on this connection starts
            // where this one ends.
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());

            String path = exchange.getRequestURI().getPath();
            if (!"/".equals(path)) {
                respond(exchange, 404, "Nothing here: " + path + "\n");
            } else if (method.equals("GET") || method.equals("HEAD")) {
                respond(exchange, 200, GREETING);
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, method + " is not allowed here; try GET\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/plain; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            // The JDK sends no body for HEAD and leaves Content-Length to us: RFC 9110 §9.3.2 says
            // it is the length a GET would get. -1 means "no body follows".
            headers.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
