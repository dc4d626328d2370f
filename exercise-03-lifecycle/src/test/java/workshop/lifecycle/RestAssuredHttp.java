package workshop.lifecycle;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import workshop.grader.Failure;
import workshop.grader.Http;
import workshop.grader.Outcome;
import workshop.grader.Reply;
import workshop.grader.Request;
import workshop.grader.ServerProcess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The same requests as {@link Http}, sent through REST Assured instead: for a check that a server
 * answers in a way REST Assured (and the Apache HttpClient under it) reads. Same bound, same
 * messages, same {@link Reply}.
 *
 * <p>REST Assured is built on Groovy and takes a second or two of processor time to load. A check
 * class that uses it calls {@link #warmUpInBackground()} first, so that cost overlaps the servers'
 * start instead of landing inside one check. It lives with the only checks that use it, so the
 * other exercises neither load it nor resolve its many libraries on every run.
 */
final class RestAssuredHttp {

    private static final AtomicBoolean WARMING_UP = new AtomicBoolean();

    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .httpClientFactory(RestAssuredHttp::clientThatNeverRetries)
                    .setParam("http.connection.timeout", (int) Http.EXCHANGE_WITHIN.toMillis())
                    .setParam("http.socket.timeout", (int) Http.EXCHANGE_WITHIN.toMillis())
                    .setParam("http.connection-manager.timeout", Http.EXCHANGE_WITHIN.toMillis()))
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    private RestAssuredHttp() {
    }

    /**
     * Apache HttpClient, under REST Assured, silently sends a request again when the connection
     * breaks. A check must see the first failure: a server that drops a request is what it is
     * looking for.
     */
    @SuppressWarnings("deprecation")
    private static org.apache.http.client.HttpClient clientThatNeverRetries() {
        org.apache.http.impl.client.DefaultHttpClient client = new org.apache.http.impl.client.DefaultHttpClient();
        client.setHttpRequestRetryHandler(new org.apache.http.impl.client.DefaultHttpRequestRetryHandler(0, false));
        return client;
    }

    static Reply get(ServerProcess server, String target) {
        return send(server, "GET", target, null);
    }

    static Reply post(ServerProcess server, String target, String body) {
        return send(server, "POST", target, body);
    }

    /** Sends one request, the target as written, without re-encoding. */
    static Reply send(ServerProcess server, String method, String target, String body) {
        String curl = new Request(method, target, body, Map.of()).curl(server);
        RequestSpecification request = RestAssured.given()
                .config(CONFIG)
                .urlEncodingEnabled(false)
                .baseUri(server.baseUrl().toString());
        if (body != null) {
            request.contentType("text/plain; charset=utf-8").body(body);
        }
        Response response;
        try {
            response = request.request(method, target);
        } catch (Exception e) {
            throw Failure.sent(curl + "  (through REST Assured)").expected("a response")
                    .got(Outcome.failed(e, Http.EXCHANGE_WITHIN, server.baseUrl()).describe()).server(server).error(e);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        return new Reply(curl, response.getStatusCode(), headers, response.asString());
    }

    /**
     * Loads REST Assured on a background thread, once per JVM, by sending one request to a
     * throwaway server inside the test JVM; returns at once.
     */
    static void warmUpInBackground() {
        if (WARMING_UP.compareAndSet(false, true)) {
            Thread warmUp = new Thread(RestAssuredHttp::sendOneRequest, "grader-warm-up-rest-assured");
            warmUp.setDaemon(true);
            warmUp.start();
        }
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
            RestAssured.given().config(CONFIG).baseUri("http://127.0.0.1:" + server.getAddress().getPort()).get("/").asString();
        } catch (RuntimeException e) {
            // Only a warm-up: the checks' own requests report their own failures.
        } finally {
            server.stop(0);
        }
    }
}
