package workshop.ports;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The same contract on the JDK's HttpServer: created unbound, then bound by hand, so the bind (and
 * its failure) is a step of its own.
 */
public final class PortsServer {

    public static void main(String[] args) throws IOException {
        Config config;
        try {
            config = Config.from(System.getenv());
        } catch (Config.BadConfig e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }

        HttpServer server = HttpServer.create();
        try {
            server.bind(new InetSocketAddress(config.address(), config.port()), 0);
        } catch (BindException e) {
            System.err.println("Cannot listen on " + config.host() + ":" + config.port() + ", the port is in use by another process."
                    + " Stop it, or start this server with another PORT.");
            System.exit(1);
            return;
        }
        server.createContext("/", PortsServer::handle);
        // Each exchange on a thread of its own. With no executor, HttpServer reads and answers every
        // request on its one dispatcher thread: a client that sends half a request holds up all others.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        // A URL writes an IPv6 address in brackets: http://[::1]:8080.
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        System.out.println("Listening on http://" + host + ":" + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            boolean whoami = exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/whoami");
            String body = whoami
                    ? "client " + text(exchange.getRemoteAddress()) + "\nserver " + text(exchange.getLocalAddress()) + "\n"
                    : "Try GET /whoami\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(whoami ? 200 : 404, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String text(InetSocketAddress end) {
        String ip = end.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + end.getPort();
    }
}
