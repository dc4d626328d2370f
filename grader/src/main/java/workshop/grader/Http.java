package workshop.grader;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Well-formed HTTP/1.1 requests to a learner's server, each on a new connection, each read bounded
 * at {@link #EXCHANGE_WITHIN}. A request that gets no response fails the check with what was sent
 * and what happened instead, in plain words.
 *
 * <p>The grader writes these requests itself, on a {@link RawConnection}: the bytes sent are
 * exactly what the curl line in a message shows, the target as written, never re-encoded. A server
 * is graded on the request in front of it: every request opens its own connection, which the
 * grader closes once the whole response (framed by {@code Content-Length}, chunked encoding, or
 * the end of the connection) has arrived. Nothing is retried: a check sees the first failure, and
 * a server that drops a request is what it is looking for.
 *
 * <p>Why not a client library: every run of the checks pays for loading one. Measured in a fresh
 * JVM each, one request through REST Assured uses 2.4 s of processor time and through the JDK's
 * {@code HttpClient} 0.7 s (it sets up TLS even for plain HTTP). Whether real clients accept a
 * server's responses is a check of its own where it matters ({@link RestAssuredHttp}, exercise
 * 03's HttpClient and curl checks).
 */
public final class Http {

    /** One HTTP exchange must complete within this bound. */
    public static final Duration EXCHANGE_WITHIN = Duration.ofSeconds(5);

    private Http() {
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
        RawConnection.RawResponse response;
        try (RawConnection connection = RawConnection.connect(server, EXCHANGE_WITHIN)) {
            connection.send(request(server.baseUrl().getAuthority(), method, target, body, requestHeaders));
            response = connection.readResponse(method.equals("HEAD"));
        } catch (IOException e) {
            throw new AssertionError("Sent:     " + curl + "\n"
                    + "Expected: a response\n"
                    + "Got:      " + whatHappened(e, server), e);
        }
        return new Reply(curl, response.status(), response.headers(), response.bodyText());
    }

    /** The request's bytes, as curl would send them. */
    static byte[] request(String authority, String method, String target, String body, Map<String, String> headers) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("User-Agent: workshop-grader\r\n")
                .append("Accept: */*\r\n");
        if (body != null) {
            head.append("Content-Type: text/plain; charset=utf-8\r\n");
        }
        if (body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
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
            if (t instanceof RawConnection.ResponseProblem) {
                return t.getMessage() + "." + state;
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
