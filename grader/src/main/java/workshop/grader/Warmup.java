package workshop.grader;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import org.assertj.core.api.SoftAssertions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * REST Assured takes a second or two to load on its first request (it is built on Groovy). The
 * grader pays that once, on a background thread, while the learner's server starts, by sending one
 * request to a throwaway server inside the test JVM. AssertJ's soft assertions get the same
 * treatment on a second thread.
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
        Thread softly = new Thread(Warmup::assertSoftlyOnce, "grader-warmup-softly");
        softly.setDaemon(true);
        softly.start();
    }

    /**
     * AssertJ's soft assertions generate a class (with ByteBuddy) for each kind of assertion the
     * first time it is used: measured 5 to 7 s on a loaded 2-core machine, all of it inside the
     * first check that asks. Paying it here overlaps it with the servers' start.
     */
    static void assertSoftlyOnce() {
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(0).as("warm-up").isZero();
            softly.assertThat(false).as("warm-up").isFalse();
            softly.assertThat("").as("warm-up").isEmpty();
            softly.assertThat(List.of()).as("warm-up").isEmpty();
            softly.assertThat(Stream.empty()).as("warm-up").isEmpty();
            softly.assertThat(Optional.empty()).as("warm-up").isEmpty();
        });
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
            RestAssured.given().baseUri("http://127.0.0.1:" + server.getAddress().getPort()).get("/").asString();
        } catch (RuntimeException e) {
            // Only a warm-up: the checks' own requests report their own failures.
        } finally {
            server.stop(0);
        }
    }
}
