package workshop.hello;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hello server on the JDK's {@link HttpServer}, with a fixed pool of worker threads.
 *
 * <p>Without an executor the JDK's server runs every handler on its one dispatcher thread, so a
 * slow request holds up all the others. Here the dispatcher only watches the connections and hands
 * each request to one of {@value #WORKER_THREADS} workers, which reads it and runs the handler;
 * more requests than that wait in the pool's queue.
 */
public final class HelloServer {

    static final int WORKER_THREADS = 4;
    // How long stopping waits for requests in progress before it closes their connections. JDK 17
    // often takes about this long even when nothing is in progress; JDK 25 returns once all are done.
    private static final int STOP_GRACE_SECONDS = 1;

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            System.err.println("HOST must be an address of this machine, such as 127.0.0.1 or 0.0.0.0, got \"" + config.host() + "\"");
            System.exit(2);
        }

        // Nagle's algorithm holds back a small write until the previous one is acknowledged; the
        // JDK writes headers and body separately, so with keep-alive each response would wait for
        // the client's delayed ACK (about 40 ms). Read when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");

        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            System.err.println("Cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                    + "): if another program holds the port, stop it or set PORT to another port.");
            System.exit(1);
            return;
        }

        AtomicInteger workerCount = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS,
                task -> new Thread(task, "worker-" + workerCount.incrementAndGet()));
        server.setExecutor(workers);
        server.createContext("/", new HelloHandler());

        // Ctrl+C (SIGINT) and SIGTERM run the shutdown hooks before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, workers), "stop"));

        server.start();
        System.out.println("Listening on http://" + config.host() + ":" + server.getAddress().getPort());
    }

    private static void stop(HttpServer server, ExecutorService workers) {
        System.out.println("Stopping");
        // Stops accepting at once, then gives requests in progress the grace before closing.
        server.stop(STOP_GRACE_SECONDS);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
