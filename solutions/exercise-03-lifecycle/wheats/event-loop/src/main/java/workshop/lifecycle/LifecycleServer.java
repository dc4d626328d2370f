package workshop.lifecycle;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * An HTTP/1.1 server with an event loop: one thread watches every connection and reacts to
 * whichever is ready; slow work goes to worker threads, so that one thread never waits.
 */
public final class LifecycleServer {

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = number("PORT", "8080", 0, 65535);
        int readTimeoutMillis = number("READ_TIMEOUT_MS", "5000", 1, Integer.MAX_VALUE);

        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(host, port), 200);
        } catch (BindException e) {
            fail("Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
        } catch (IOException e) {
            fail("Cannot listen on " + host + ":" + port + ": " + e.getMessage() + ". Check HOST.");
        }
        System.out.println("Listening on http://" + host + ":" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
        new EventLoop(listener, readTimeoutMillis).run();
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
