package workshop.grader;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * REST Assured takes a second or two of processor time to load on its first request (it is built
 * on Groovy). A check class that uses it has the grader pay that on a background thread while the
 * learner's server starts, by sending one request to a throwaway server inside the test JVM.
 */
final class Warmup {

    private static final AtomicBoolean REST_ASSURED = new AtomicBoolean();

    private Warmup() {
    }

    /** REST Assured, for the check classes that use {@link RestAssuredHttp}. */
    static void restAssuredOnce() {
        if (REST_ASSURED.compareAndSet(false, true)) {
            inBackground("grader-warmup-rest-assured", uri -> RestAssured.given().baseUri(uri.toString()).get("/").asString());
        }
    }

    private interface Request {
        void send(URI uri) throws Exception;
    }

    private static void inBackground(String name, Request request) {
        Thread warmup = new Thread(() -> sendOneRequest(request), name);
        warmup.setDaemon(true);
        warmup.start();
    }

    private static void sendOneRequest(Request request) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            return;
        }
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            request.send(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
        } catch (Exception e) {
            // Only a warm-up: the checks' own requests report their own failures.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            server.stop(0);
        }
    }
}
