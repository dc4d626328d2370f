package workshop.lifecycle;

/**
 * An HTTP/1.1 server on a bare java.net.ServerSocket. Follow the numbered steps in
 * exercise-03-lifecycle/README.md; each TODO below carries the number of its step.
 *
 * <p>Run it by hand:  ./mvnw -q -P by-hand compile -pl exercise-03-lifecycle && java -cp exercise-03-lifecycle/target/classes workshop.lifecycle.LifecycleServer
 * <br>Grade it:       ./mvnw test -pl exercise-03-lifecycle
 */
public final class LifecycleServer {

    public static void main(String[] args) {
        // TODO 1: read PORT (default 8080), HOST (default 127.0.0.1) and READ_TIMEOUT_MS
        //         (default 5000) from the environment; a bad value: one line on standard error,
        //         exit status 2. Bind a ServerSocket (a port that is taken: exit status 1) and print
        //         "Listening on http://<host>:<port>" with the port it really got.
        //         Then loop: accept() a connection, give it the next id, log "#<id> accepted <ip>:<port>".

        // TODO 2: read the request head with RequestParser.headEnd and RequestParser.parseHead;
        //         answer an HttpError with its status.

        // TODO 3: read exactly Content-Length bytes of body; over 1,000,000 is 413 before any is read.

        // TODO 4: route (GET /, GET /slow?ms=N, POST /echo, 404, 405 with Allow), log
        //         "#<id> request <METHOD> <target>", write the response with Content-Length in bytes
        //         and "Connection: close", log "#<id> response <status> <n> bytes in <ms> ms",
        //         close the socket and log "#<id> closed".

        // TODO 5: serve each connection on its own thread, so the accept loop never waits for one.

        // TODO 6: the whole request must arrive within READ_TIMEOUT_MS of the accept: before each
        //         read, socket.setSoTimeout(what is left of it); answer 408 when it fires.

        System.out.println("LifecycleServer is not written yet: start with step 1 in exercise-03-lifecycle/README.md");
    }
}
