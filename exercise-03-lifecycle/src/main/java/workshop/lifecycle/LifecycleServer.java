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
 * An HTTP/1.1 server on a bare java.net.ServerSocket. Follow the numbered steps in
 * exercise-03-lifecycle/README.md; each TODO below carries the number of its step. One connection,
 * from accept to close, is a {@link Connection}, in the file beside this one.
 *
 * <p>Run it by hand:  ./mvnw -q -P by-hand compile -pl exercise-03-lifecycle && java -cp exercise-03-lifecycle/target/classes workshop.lifecycle.LifecycleServer
 * <br>Grade it:       ./mvnw test -pl exercise-03-lifecycle
 */
public final class LifecycleServer {

    /** Exit statuses: a value the operator must correct, or a port another program holds. */
    private static final int BAD_CONFIG = 2;
    private static final int CANNOT_LISTEN = 1;

    public static void main(String[] args) {
        // TODO 1: read PORT (default 8080), HOST (default 127.0.0.1) and READ_TIMEOUT_MS
        //         (default 5000) from the environment; a bad value: one line on standard error,
        //         exit status 2. Bind a ServerSocket (a port that is taken: exit status 1) and print
        //         "Listening on http://<host>:<port>" with the port it really got.

        // TODO 1: then loop: accept() a connection, give it the next id, and serve it:
        //         new Connection(socket, id, readTimeoutMillis).run().
        // TODO 5: serve each connection on its own thread, so the accept loop never waits for one.

        System.out.println("LifecycleServer is not written yet: start with step 1 in exercise-03-lifecycle/README.md");
    }

    // Step 1's helpers, as in exercise 02: a setting that is wrong ends the process at once.

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
