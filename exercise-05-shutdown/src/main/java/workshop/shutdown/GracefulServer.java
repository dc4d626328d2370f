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
 * A server that starts and stops the way a process manager expects. Follow the numbered steps in
 * exercise-05-shutdown/README.md; each TODO below carries the number of its step. The classes
 * Config, OrderBook and InFlight beside this one are yours to finish too, or to do without.
 *
 * <p>Run it by hand:  ./mvnw -q -P by-hand compile -pl exercise-05-shutdown && java -cp exercise-05-shutdown/target/classes workshop.shutdown.GracefulServer
 * <br>Grade it:       ./mvnw test -pl exercise-05-shutdown
 */
public final class GracefulServer {

    /** Where the server is in its life: the probes and every request read it. */
    enum State { STARTING, SERVING, STOPPING }

    public static void main(String[] args) throws Exception {
        // TODO 1: read PORT, HOST, STARTUP_DELAY_MS, SHUTDOWN_GRACE_MS and DATA_FILE, check them all,
        //         and open DATA_FILE for appending. On a bad value: one line on standard error that
        //         names the variable and the value, then exit status 2, before binding anything.

        // TODO 2: bind an HttpServer with an executor that runs many requests at once (a taken port:
        //         one line on standard error, exit status 1), and give it a handler that logs the
        //         method and URL of every request as it arrives.

        // TODO 3: answer GET /health/live with 200 and GET /health/ready with 503 while you warm up,
        //         200 after; every other request gets 503 until then. GET /work?ms=N answers 200
        //         after N ms, ignoring any other query parameter.

        // TODO 4: answer POST /orders with 201 only once the order is written to DATA_FILE and
        //         forced to the disk (OrderBook.append); 5xx if that failed.

        // TODO 5: add a shutdown hook, here, before start(): SIGTERM and Ctrl+C (SIGINT) run it.
        //         Never call System.exit in it.

        // TODO 2: start the server and print "Listening on http://<host>:<port>".

        // TODO 3: warm up (sleep STARTUP_DELAY_MS), then switch to serving.

        System.out.println("GracefulServer is not written yet: start with step 1 in exercise-05-shutdown/README.md");
    }

    /** Step 6: the graceful stop, run by the JVM's shutdown hook. */
    static void stop(Duration grace, AtomicReference<State> state, HttpServer http, InFlight inFlight, OrderBook orders) {
        // TODO 6: not ready (503), stop accepting, wait for the requests in flight at most
        //         SHUTDOWN_GRACE_MS, close DATA_FILE, log each step, and return.
    }
}
