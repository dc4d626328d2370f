package workshop.lifecycle;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

/**
 * An HTTP/1.1 server with an event loop: one thread watches every connection and reacts to
 * whichever is ready; slow work goes to worker threads, so that one thread never waits.
 */
public final class LifecycleServer {

    /** Exit statuses: a value the operator must correct, or a port another program holds. */
    private static final int BAD_CONFIG = 2;
    private static final int CANNOT_LISTEN = 1;

    public static void main(String[] args) throws IOException {
        // All config is checked before anything is bound: a bad value is exit status 2.
        int port = number("PORT", "8080", 0, 65535);
        int readTimeoutMillis = number("READ_TIMEOUT_MS", "5000", 1, 600_000);
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        InetAddress address = addressOf(host);

        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(address, port), 200);
        } catch (BindException e) {
            fail(CANNOT_LISTEN, "Port " + port + " on " + host + " is already in use: stop the program that holds it, or set PORT to another port.");
        } catch (IOException e) {
            fail(CANNOT_LISTEN, "Cannot listen on " + host + ":" + port + ": " + e.getMessage());
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
