package workshop.lifecycle;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.1 server on a bare {@link ServerSocket}: this code accepts each connection, reads the
 * request's bytes, answers and closes. A thread per connection lets slow clients and slow work
 * wait without holding up anyone else; a thread whose connection is done is reused for the next.
 */
public final class LifecycleServer {

    /** Exit statuses: a value the operator must correct, or a port another program holds. */
    private static final int BAD_CONFIG = 2;
    private static final int CANNOT_LISTEN = 1;

    public static void main(String[] args) {
        // All config is checked before anything is bound: a bad value is exit status 2.
        int port = number("PORT", "8080", 0, 65535);
        int readTimeoutMillis = number("READ_TIMEOUT_MS", "5000", 1, 600_000);
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        InetAddress address = addressOf(host);

        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(address, port), 200);
        } catch (BindException e) {
            fail(CANNOT_LISTEN, "Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
            return;
        } catch (IOException e) {
            fail(CANNOT_LISTEN, "Cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return;
        }
        System.out.println("Listening on http://" + host + ":" + listener.getLocalPort());

        ExecutorService threads = Executors.newCachedThreadPool();
        for (long id = 1; ; id++) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                System.err.println("accept failed: " + e.getMessage());
                continue;
            }
            // The accept loop only accepts: everything that can wait runs on the connection's thread.
            threads.execute(new Connection(socket, id, readTimeoutMillis));
        }
    }

    private static int number(String name, String fallback, int min, int max) {
        String value = System.getenv().getOrDefault(name, fallback);
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the value.
        }
        fail(BAD_CONFIG, name + " must be a whole number from " + min + " to " + max + ", got \"" + value + "\"");
        return -1;
    }

    private static InetAddress addressOf(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            // Only an address of one of this machine's network interfaces can be bound; 0.0.0.0 means all of them.
            if (address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
        } catch (UnknownHostException | SocketException e) {
            // Reported below, with the value.
        }
        fail(BAD_CONFIG, "HOST must be an address of this machine, such as 127.0.0.1, got \"" + host + "\"");
        return null;
    }

    private static void fail(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }
}
