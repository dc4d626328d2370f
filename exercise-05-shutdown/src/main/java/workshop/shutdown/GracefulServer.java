package workshop.shutdown;

/**
 * A server that starts and stops the way a process manager expects. Follow the numbered steps in
 * exercise-05-shutdown/README.md; each TODO below carries the number of its step.
 *
 * <p>Run it by hand:  java exercise-05-shutdown/src/main/java/workshop/shutdown/GracefulServer.java
 * <br>Grade it:       ./mvnw test -pl exercise-05-shutdown
 */
public final class GracefulServer {

    public static void main(String[] args) throws Exception {
        // TODO 1: read PORT, HOST, STARTUP_DELAY_MS, SHUTDOWN_GRACE_MS and DATA_FILE, check them all,
        //         and open DATA_FILE for appending. On a bad value: one line on standard error that
        //         names the variable and the value, then exit status 2, before binding anything.

        // TODO 2: bind an HttpServer with an executor that runs many requests at once (a taken port:
        //         one line on standard error, exit status 1), log the method and URL of every request
        //         as it arrives, start it, and print "Listening on http://<host>:<port>".

        // TODO 3: answer GET /health/live with 200 and GET /health/ready with 503 while you warm up
        //         (sleep STARTUP_DELAY_MS), 200 after; every other request gets 503 until then.
        //         GET /work?ms=N answers 200 after N ms, ignoring any other query parameter.

        // TODO 4: answer POST /orders with 201 only once the order is written to DATA_FILE and
        //         forced to the disk; 5xx if that failed.

        // TODO 5: add a shutdown hook: SIGTERM and Ctrl+C (SIGINT) run it. Never call System.exit in it.

        // TODO 6: in the hook: not ready (503), stop accepting, wait for the requests in flight at
        //         most SHUTDOWN_GRACE_MS, close DATA_FILE, log each step, and return.

        System.out.println("GracefulServer is not written yet: start with step 1 in exercise-05-shutdown/README.md");
    }
}
