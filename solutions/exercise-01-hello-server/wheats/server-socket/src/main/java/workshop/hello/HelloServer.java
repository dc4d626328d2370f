package workshop.hello;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hello server on a bare {@link ServerSocket}: no HTTP library, one thread per connection.
 *
 * <p>This class is about sockets only: it binds, accepts and hands each connection to a
 * {@link Connection} on its own thread. Reading requests is {@link RequestParser}'s job, what to
 * answer is {@link HelloRoutes}'s, and the bytes of an answer are {@link Response}'s.
 */
public final class HelloServer {

    // How many connections the OS may queue for us before accept() takes them.
    private static final int BACKLOG = 50;

    public static void main(String[] args) {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = parsePort(System.getenv().getOrDefault("PORT", "8080"));

        InetSocketAddress address = new InetSocketAddress(host, port);
        // Java takes an empty host name for this machine; an empty HOST is a mistake all the same.
        if (host.isBlank() || address.isUnresolved()) {
            fail(2, "HOST must be an address of this machine, such as 127.0.0.1 or 0.0.0.0, got \"" + host + "\"");
        }
        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.bind(address, BACKLOG);
        } catch (IOException e) {
            fail(1, "Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): if another program"
                    + " holds the port, stop it or set PORT to another port.");
            return;
        }

        // Ctrl+C (SIGINT) and SIGTERM make the JVM run its shutdown hooks, then exit. Closing the
        // listener ends the accept loop; connections still open end with the process.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping");
            try {
                listener.close();
            } catch (IOException e) {
                System.out.println("Closing the listening socket failed: " + e.getMessage());
            }
        }));

        System.out.println("Listening on http://" + host + ":" + listener.getLocalPort());
        acceptLoop(listener);
    }

    private static void acceptLoop(ServerSocket listener) {
        AtomicInteger connectionCount = new AtomicInteger();
        while (true) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (SocketException e) {
                if (listener.isClosed()) {
                    return; // the shutdown hook closed it: we are stopping
                }
                System.out.println("Accepting a connection failed: " + e.getMessage());
                continue;
            } catch (IOException e) {
                System.out.println("Accepting a connection failed: " + e.getMessage());
                continue;
            }
            // One thread per connection, so a slow or idle client never holds up the others.
            Thread thread = new Thread(new Connection(socket), "connection-" + connectionCount.incrementAndGet());
            thread.start();
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below, which shows the value
        }
        fail(2, "PORT must be a number from 0 to 65535 (0 = any free port), got \"" + text + "\"");
        return -1;
    }

    private static void fail(int exitCode, String message) {
        System.err.println(message);
        System.exit(exitCode);
    }
}
