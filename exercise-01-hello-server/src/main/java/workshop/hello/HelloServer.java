package workshop.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Your first server. Follow the numbered steps in exercise-01-hello-server/README.md; each TODO
 * below carries the number of its step.
 *
 * <p>Run it by hand:  java exercise-01-hello-server/src/main/java/workshop/hello/HelloServer.java
 * <br>Grade it:       ./mvnw test -pl exercise-01-hello-server
 */
public final class HelloServer {

    public static void main(String[] args) throws Exception {
        // TODO 1: read PORT (default 8080) and HOST (default 127.0.0.1) from the environment.

        // TODO 2: create a com.sun.net.httpserver.HttpServer bound to HOST and PORT.

        // TODO 3: add a handler that answers GET / with 200, "text/plain; charset=utf-8"
        //         and the body "Hello, world!" followed by a newline.

        // TODO 4: in the handler, log one line per request: the method and the URL as sent.

        // TODO 6: stop cleanly on Ctrl+C and SIGTERM. Its code goes here, before step 5's start():
        //         a signal can come the moment the Listening line is out.

        // TODO 5: start the server, then print "Listening on http://<host>:<port>" with the port
        //         the server really got.

        System.out.println("HelloServer is not written yet: start with step 1 in exercise-01-hello-server/README.md");
    }

    /** Steps 3 and 4: the server calls this for every request. */
    private static void handle(HttpExchange exchange) throws IOException {
        // TODO 3 and 4: log the request, then answer it (the README shows how).
        exchange.close();
    }

    /** Step 1: PORT as a whole number from 0 to 65535. */
    private static int parsePort(String text) {
        // TODO 1: refuse what is not a whole number from 0 to 65535: one line on System.err naming
        //         PORT and the value, then System.exit(2).
        return Integer.parseInt(text);
    }
}
