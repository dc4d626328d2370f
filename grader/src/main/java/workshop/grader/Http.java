package workshop.grader;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Well-formed HTTP requests to a learner's server, through REST Assured, each bounded at
 * {@link #EXCHANGE_WITHIN}. A request that gets no response fails the check with what was sent and
 * what happened instead, in plain words.
 */
public final class Http {

    /** One HTTP exchange must complete within this bound. */
    public static final Duration EXCHANGE_WITHIN = Duration.ofSeconds(5);

    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .httpClientFactory(Http::clientThatNeverRetries)
                    .setParam("http.connection.timeout", (int) EXCHANGE_WITHIN.toMillis())
                    .setParam("http.socket.timeout", (int) EXCHANGE_WITHIN.toMillis())
                    .setParam("http.connection-manager.timeout", EXCHANGE_WITHIN.toMillis()))
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    private Http() {
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

    public static Reply get(ServerProcess server, String target) {
        return send(server, "GET", target, null);
    }

    public static Reply head(ServerProcess server, String target) {
        return send(server, "HEAD", target, null);
    }

    public static Reply post(ServerProcess server, String target, String body) {
        return send(server, "POST", target, body);
    }

    /**
     * Sends one request. The target is sent as written, query string included, without
     * re-encoding, so the server sees exactly what the check shows.
     */
    public static Reply send(ServerProcess server, String method, String target, String body) {
        return send(server, method, target, body, Map.of());
    }

    /** Sends one request with these headers (e.g. {@code X-User: alice}) besides the usual ones. */
    public static Reply send(ServerProcess server, String method, String target, String body, Map<String, String> requestHeaders) {
        String curl = curl(server, method, target, body, requestHeaders);
        RequestSpecification request = RestAssured.given()
                .config(CONFIG)
                .urlEncodingEnabled(false)
                .baseUri(server.baseUrl().toString())
                .headers(requestHeaders);
        if (body != null) {
            request.contentType("text/plain; charset=utf-8").body(body);
        }
        Response response;
        try {
            response = request.request(method, target);
        } catch (Exception e) {
            throw new AssertionError("Sent:     " + curl + "\n"
                    + "Expected: a response\n"
                    + "Got:      " + whatHappened(e, server), e);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        return new Reply(curl, response.getStatusCode(), headers, response.asString());
    }

    /**
     * The request as a curl command, for a message about a request sent some other way (for
     * example on a {@link RawConnection}).
     */
    public static String curl(ServerProcess server, String method, String target, String body, Map<String, String> headers) {
        return Curl.command(method, URI.create(server.baseUrl() + target), body, headers);
    }

    static String whatHappened(Throwable e, ServerProcess server) {
        String state = server.isAlive() ? "" : " The server process has exited.";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "no response within " + EXCHANGE_WITHIN.toSeconds() + " s." + state;
            }
            if (t instanceof ConnectException) {
                return "the connection was refused: nothing listens on " + server.baseUrl() + "." + state;
            }
            if (t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return "the server closed the connection without sending a response." + state;
            }
            if (t instanceof SocketException) {
                return "the connection broke: " + t.getMessage() + "." + state;
            }
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + "." + state;
    }
}
