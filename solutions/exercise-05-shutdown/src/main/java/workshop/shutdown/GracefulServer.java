package workshop.shutdown;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server that starts and stops the way a process manager expects.
 *
 * <pre>
 *   check config ─▶ open DATA_FILE ─▶ bind ─▶ "Listening on" ─▶ STARTING ─(warm-up)─▶ SERVING
 *                                                                  │                     │
 *                                                           SIGTERM or SIGINT (Ctrl+C)   │
 *                                                                  ▼                     ▼
 *            exit ◀─ "Stopped" ◀─ close DATA_FILE ◀─ drain ◀─ stop accepting ◀─ STOPPING
 * </pre>
 *
 * /health/ready answers 200 only in SERVING; other paths get 503 outside it.
 */
public final class GracefulServer {

    enum State { STARTING, SERVING, STOPPING }

    public static void main(String[] args) throws InterruptedException {
        // Step 1: check every setting before binding anything, and fail fast.
        Config config;
        OrderBook orders;
        try {
            config = Config.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            orders = OrderBook.open(config.dataFile());
        } catch (IOException e) {
            System.err.println("DATA_FILE=" + config.dataFile() + " cannot be opened for appending (" + e + "): point it at a file in a folder that exists and that you may write to");
            System.exit(2);
            return;
        }

        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicReference<State> state = new AtomicReference<>(State.STARTING);
        InFlight inFlight = new InFlight();
        ExecutorService pool = Executors.newCachedThreadPool();

        // Step 2: bind. From here on the OS queues connections, and probes get answers.
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        } catch (IOException e) {
            String why = e instanceof BindException ? "is already in use" : "cannot be bound (" + e.getMessage() + ")";
            System.err.println("Port " + config.port() + " on " + config.host() + " " + why + ": stop the program that holds it, or set PORT to another port");
            System.exit(1);
            return;
        }
        http.setExecutor(inFlight.counting(pool));
        http.createContext("/", new Routes(state::get, orders)::handle);

        // Step 5: SIGTERM and Ctrl+C make the JVM run its shutdown hooks, then exit.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> stop(config.shutdownGrace(), state, http, inFlight, orders), "graceful-stop"));

        http.start();
        System.out.println("Listening on http://" + config.host() + ":" + http.getAddress().getPort());

        // Step 3: warm up while /health/ready says 503, then say 200. A signal during warm-up wins.
        Thread.sleep(config.startupDelay().toMillis());
        if (state.compareAndSet(State.STARTING, State.SERVING)) {
            System.out.println("Ready after a warm-up of " + config.startupDelay().toMillis() + " ms");
        }
    }

    /** Step 6: the graceful stop, run by the JVM's shutdown hook. Every step is logged. */
    static void stop(Duration grace, AtomicReference<State> state, HttpServer http, InFlight inFlight, OrderBook orders) {
        state.set(State.STOPPING);
        System.out.println("Stopping: not ready any more, new requests get 503");

        // HttpServer.stop closes the listening socket at once, then waits for its own delay before
        // it closes every connection: on JDK 17 the whole delay even when nothing is in flight
        // (JDK-8304065). So it runs on a thread of its own, and the waiting is done here. Its delay
        // is longer than the grace, but no longer than stop can count: JDK 17 multiplies it by 1000
        // in an int, and a delay past 2147483 s comes out negative and cuts everything off at once.
        int delay = (int) Math.min(grace.toSeconds() + 1, Integer.MAX_VALUE / 1000);
        Thread closer = new Thread(() -> http.stop(delay), "stop-accepting");
        closer.setDaemon(true);
        closer.start();
        System.out.println("Stopping: closing the listening socket, no new connections");

        System.out.println("Stopping: waiting up to " + grace.toMillis() + " ms for " + inFlight.count() + " requests in flight");
        boolean drained;
        try {
            drained = inFlight.awaitNone(grace);
        } catch (InterruptedException e) {
            drained = false;
        }
        System.out.println(drained ? "Stopping: all requests finished"
                : "Stopping: grace period over, cutting off " + inFlight.count() + " requests in flight");
        // Closes the connections still open, which cuts off what is left, and ends the server's own
        // thread: the JVM's exit would otherwise wait about 0.3 s for it, inside a system call.
        http.stop(0);

        try {
            orders.close();
            System.out.println("Stopping: DATA_FILE forced to disk and closed");
        } catch (IOException e) {
            System.out.println("Stopping: DATA_FILE could not be closed: " + e.getMessage());
        }
        // Returning lets the JVM finish its exit: status 143 after SIGTERM, 130 after SIGINT.
        System.out.println("Stopped");
    }
}
