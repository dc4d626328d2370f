package workshop.grader;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import org.assertj.core.api.SoftAssertions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * REST Assured takes a second or two to load on its first request (it is built on Groovy), and
 * AssertJ's soft assertions on their first use. The grader pays that once, on a background thread,
 * while the learner's server starts, by sending one request to a throwaway server inside the test
 * JVM and checking its port softly.
 */
final class Warmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread warmup = new Thread(Warmup::sendOneRequest, "grader-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    private static void sendOneRequest() {
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
            // AssertJ builds its soft-assertion proxies on first use too: as slow, and as easy to pay early.
            SoftAssertions.assertSoftly(softly -> softly.assertThat(server.getAddress().getPort()).isPositive());
            RestAssured.given().baseUri("http://127.0.0.1:" + server.getAddress().getPort()).get("/").asString();
        } catch (RuntimeException e) {
            // Only a warm-up: the checks' own requests report their own failures.
        } finally {
            server.stop(0);
        }
    }
}
