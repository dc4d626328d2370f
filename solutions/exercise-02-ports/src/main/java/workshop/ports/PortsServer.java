package workshop.ports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A server one layer below exercise 01: it binds a {@link ServerSocket} itself, takes connections
 * from the operating system's queue with {@code accept()}, and answers {@code GET /whoami} with
 * both ends of the connection it is answering on.
 *
 * <p>Config comes from the environment: {@code PORT} (default 8080, 0 = any free port) and
 * {@code HOST} (default 127.0.0.1). A bad value stops it with exit status 2 before anything is
 * bound; a port that another program holds stops it with exit status 1.
 */
public final class PortsServer {

    /** Exit status for config the server cannot use: the caller has to change it. */
    private static final int BAD_CONFIG = 2;
    /** Exit status for a port it cannot have: the machine has to change. */
    private static final int CANNOT_LISTEN = 1;
    /** How many connections the OS may queue for us before accept() takes them. */
    private static final int BACKLOG = 50;

    public static void main(String[] args) throws IOException {
        // Step 1: config from the environment, checked before anything is bound.
        int port = portFrom(System.getenv("PORT"));
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        InetAddress address = addressOf(host);

        // Step 2: bind. From here on the OS queues connections to this address and port for us.
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(address, port), BACKLOG);
        } catch (BindException e) {
            listener.close();
            boolean inUse = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("in use");
            exit(CANNOT_LISTEN, inUse
                    ? "Port " + port + " on " + host + " is already in use by another program: stop that program,"
                            + " or choose another port, e.g. PORT=" + (port == 65535 ? 8081 : port + 1)
                    : "Cannot listen on port " + port + " on " + host + ": " + e.getMessage());
        }

        // Step 3: announce the port the OS really gave us; with PORT=0 it is not the one we asked for.
        System.out.println("Listening on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listener.getLocalPort());

        // Step 4: take connections off the queue one by one; each gets its own thread.
        while (true) {
            Socket connection = listener.accept();
            new Thread(() -> serve(connection), "connection-" + connection.getPort()).start();
        }
    }

    private static int portFrom(String text) {
        if (text == null) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        exit(BAD_CONFIG, "PORT must be a whole number from 0 to 65535 (0 = any free port), got \"" + text + "\"");
        return -1;
    }

    private static InetAddress addressOf(String host) {
        try {
            // getByName("") gives the loopback address: an empty HOST is a mistake, not a wish for the default.
            InetAddress address = host.isEmpty() ? null : InetAddress.getByName(host);
            // Only an address one of this machine's network interfaces has can be bound; 0.0.0.0 means all of them.
            if (address != null && (address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null)) {
                return address;
            }
        } catch (UnknownHostException | SocketException e) {
            // reported below, with the value
        }
        exit(BAD_CONFIG, "HOST must be an address of this machine, such as 127.0.0.1 (this machine only)"
                + " or 0.0.0.0 (every network interface), got \"" + host + "\"");
        return null;
    }

    private static void exit(int status, String line) {
        System.err.println(line);
        System.exit(status);
    }

    private static void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(10_000);
            // ISO-8859-1 maps each byte to one char, so a Content-Length in bytes can be skipped as chars.
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            long bodyLength = 0;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    bodyLength = Long.parseLong(header.substring("content-length:".length()).trim());
                }
            }
            in.skip(bodyLength);
            System.out.println(requestLine.replaceFirst(" HTTP/.*$", ""));

            String[] parts = requestLine.split(" ");
            if (parts.length != 3) {
                respond(connection, "400 Bad Request", "Bad request line: " + requestLine + "\n");
            } else if (pathOf(parts[1]).equals("/whoami") && parts[0].equals("GET")) {
                respond(connection, "200 OK", whoami(connection));
            } else {
                respond(connection, "404 Not Found", "Try GET /whoami\n");
            }
        } catch (IOException | NumberFormatException e) {
            // The client went away or sent nonsense; there is no one left to answer.
        }
    }

    /** Both ends of one connection: the client's address and port, and ours. */
    static String whoami(Socket connection) {
        return "client " + endpoint(connection.getInetAddress(), connection.getPort()) + "\n"
                + "server " + endpoint(connection.getLocalAddress(), connection.getLocalPort()) + "\n";
    }

    private static String endpoint(InetAddress address, int port) {
        String ip = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** The target without its query string: a query the server does not know is ignored. */
    private static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static void respond(Socket connection, String status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        OutputStream out = connection.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }
}
