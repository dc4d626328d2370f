package workshop.lifecycle;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.1 server on a bare {@link ServerSocket}: this code accepts each connection, reads the
 * request's bytes, answers and closes. A thread per connection lets slow clients and slow work
 * wait without holding up anyone else; a thread whose connection is done is reused for the next.
 */
public final class LifecycleServer {

    public static void main(String[] args) {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = number("PORT", "8080", 0, 65535);
        int readTimeoutMillis = number("READ_TIMEOUT_MS", "5000", 1, Integer.MAX_VALUE);

        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(host, port), 200);
        } catch (BindException e) {
            fail("Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
            return;
        } catch (IOException e) {
            fail("Cannot listen on " + host + ":" + port + ": " + e.getMessage() + ". Check HOST.");
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
        fail(name + " must be a number from " + min + " to " + max + ", got \"" + value + "\"");
        return -1;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
