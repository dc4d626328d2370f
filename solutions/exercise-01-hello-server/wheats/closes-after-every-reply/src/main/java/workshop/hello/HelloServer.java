package workshop.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The smallest useful HTTP server: the JDK's built-in {@link HttpServer}, one handler, no framework,
 * and one request per connection.
 *
 * <p>Every response says {@code Connection: close}, and the JDK's server then closes the connection
 * once the response is sent: a client sends its next request on a new connection. Keep-alive saves
 * a TCP handshake per request, but nothing in the contract promises it.
 *
 * <p>It reads its config from the environment, binds a socket, announces where it listens, logs one
 * line per request and answers {@code GET /} with a plain-text greeting, until the process is told
 * to stop (Ctrl+C sends SIGINT, a process manager sends SIGTERM).
 */
public final class HelloServer {

    public static void main(String[] args) throws IOException {
        // Step 1: config comes from the environment, with defaults.
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = parsePort(System.getenv().getOrDefault("PORT", "8080"));

        // The JDK's server leaves Nagle's algorithm on, and JDK 17 writes a response's headers and
        // body separately: with keep-alive the body then waits for the client's delayed ACK (about
        // 40 ms). Must be set before the first HttpServer is created; a value given on the command
        // line (-Dsun.net.httpserver.nodelay=false) wins, so the stall can be shown.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }

        // Step 2: bind the socket. From here on the OS queues connections for us.
        InetSocketAddress address = new InetSocketAddress(host, port);
        // An empty HOST would quietly mean this machine; whoever set it made a mistake, so say so.
        if (host.isEmpty() || address.isUnresolved()) {
            System.err.println("HOST must be an address of this machine, such as 127.0.0.1 or localhost, got \"" + host + "\"");
            System.exit(2);
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            System.err.println("Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
            System.exit(1);
            return;
        }

        // Steps 3 and 4: one handler answers every path; it logs first, then responds.
        server.createContext("/", HelloServer::handle);

        // Step 6: on Ctrl+C or SIGTERM the JVM runs shutdown hooks before it exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping");
            // 0: don't wait. On JDK 17, stop(n) waits all n seconds even when nothing is open (JDK-8304065).
            server.stop(0);
        }));

        server.start();

        // Step 5: announce the port the OS really gave us (PORT=0 asks for any free one).
        System.out.println("Listening on http://" + host + ":" + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        // getRequestURI() is the target as the client sent it, query string included.
        System.out.println(method + " " + exchange.getRequestURI());

        try (exchange) {
            // Read the body even when it is not used, so the connection is ready for the next request.
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/")) {
                send(exchange, 404, "Not found: " + path + "\n");
            } else if (method.equals("GET") || method.equals("HEAD")) {
                send(exchange, 200, "Hello, world!\n");
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "Method not allowed: " + method + "\n");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        // RFC 9112 §9.6: this is the last response on this connection; the JDK closes it after.
        exchange.getResponseHeaders().set("Connection", "close");
        // HEAD gets the headers a GET would get and no body; -1 tells the JDK no body follows.
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        System.err.println("PORT must be a number from 0 to 65535, got \"" + text + "\"");
        System.exit(2);
        return -1;
    }
}
