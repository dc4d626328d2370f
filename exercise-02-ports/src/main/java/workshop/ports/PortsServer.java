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
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A server that binds its own socket. Follow the numbered steps in exercise-02-ports/README.md;
 * each TODO below carries the number of its step. The HTTP part (read a request, write a response)
 * is written for you at the bottom: this exercise is about ports and sockets.
 *
 * <p>Run it by hand:  java exercise-02-ports/src/main/java/workshop/ports/PortsServer.java
 * <br>Grade it:       ./mvnw test -pl exercise-02-ports
 */
public final class PortsServer {

    /** Exit status for config the server cannot use: the caller has to change it. */
    private static final int BAD_CONFIG = 2;
    /** Exit status for a port it cannot have: the machine has to change. */
    private static final int CANNOT_LISTEN = 1;
    /** How many connections the OS may queue for us before accept() takes them. */
    private static final int BACKLOG = 50;

    public static void main(String[] args) throws IOException {
        // TODO 1: read PORT (default 8080) and HOST (default 127.0.0.1) from the environment and
        //         check them before anything else. A bad value: one line on System.err naming the
        //         variable, the value and what is allowed, then System.exit(2).

        // TODO 2: create a java.net.ServerSocket and bind it to HOST and PORT. If the port is taken
        //         (a BindException): one line on System.err naming the port, saying it is in use
        //         and how to fix it, then System.exit(1).

        // TODO 3: print "Listening on http://<host>:<port>" with the port the socket really got.

        // TODO 4: in a loop, accept() a connection and hand it to serve(connection) on a new
        //         thread; then fill in whoami() below.

        System.out.println("PortsServer is not written yet: start with step 1 in exercise-02-ports/README.md");
    }

    /** Step 1: PORT as a whole number from 0 to 65535, 8080 when it is not set. */
    private static int portFrom(String text) {
        // TODO 1: 8080 for null; a whole number from 0 to 65535 is the port; anything else ends the
        //         process with exit(BAD_CONFIG, ...), one line naming PORT, the value and the range.
        return Integer.parseInt(text);
    }

    /** Step 1: HOST as an address of this machine, or 0.0.0.0. */
    private static InetAddress addressOf(String host) {
        // TODO 1: InetAddress.getByName(host), refused with exit(BAD_CONFIG, ...) when it is empty,
        //         does not resolve, or is an address no network interface of this machine has.
        return InetAddress.getLoopbackAddress();
    }

    /** Ends the process: one line on standard error, then the exit status. */
    private static void exit(int status, String line) {
        System.err.println(line);
        System.exit(status);
    }

    /** Both ends of one connection, as the body of GET /whoami. */
    static String whoami(Socket connection) {
        // TODO 4: "client <ip>:<port>\n" and "server <ip>:<port>\n", read from the connection.
        return "not written yet\n";
    }

    /** Reads one request from the connection, answers it, and closes the connection. */
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
