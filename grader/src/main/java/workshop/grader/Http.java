package workshop.grader;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Well-formed HTTP/1.1 requests to a learner's server, each on a new connection, each read bounded
 * at {@link #EXCHANGE_WITHIN}. A request that gets no response fails the check with what was sent
 * and what happened instead, in plain words.
 *
 * <p>{@link #exchange} returns what happened, a response or the way it failed ({@link Outcome});
 * {@link #send} and the shorthands return the {@link Reply}, for checks that want one.
 *
 * <p>The grader writes these requests itself ({@link Request}), on a {@link RawConnection}: the
 * bytes sent are exactly what the curl line in a message shows, the target as written, never re-encoded. A server
 * is graded on the request in front of it: every request opens its own connection, which the
 * grader closes once the whole response (framed by {@code Content-Length}, chunked encoding, or
 * the end of the connection) has arrived. Nothing is retried: a check sees the first failure, and
 * a server that drops a request is what it is looking for.
 *
 * <p>Why not a client library: every run of the checks pays for loading one. Measured in a fresh
 * JVM each, one request through REST Assured uses 2.4 s of processor time and through the JDK's
 * {@code HttpClient} 0.7 s (it sets up TLS even for plain HTTP). Whether real clients accept a
 * server's responses is a check of its own where it matters (exercise 03's REST Assured,
 * HttpClient and curl checks).
 */
public final class Http {

    /** One HTTP exchange must complete within this bound. */
    public static final Duration EXCHANGE_WITHIN = Duration.ofSeconds(5);

    private Http() {
    }

    public static Reply get(ServerProcess server, String target) {
        return send(server, Request.get(target));
    }

    public static Reply head(ServerProcess server, String target) {
        return send(server, Request.head(target));
    }

    public static Reply post(ServerProcess server, String target, String body) {
        return send(server, Request.post(target, body));
    }

    /**
     * Sends one request. The target is sent as written, query string included, without
     * re-encoding, so the server sees exactly what the check shows.
     */
    public static Reply send(ServerProcess server, String method, String target, String body) {
        return send(server, new Request(method, target, body, Map.of()));
    }

    /**
     * Sends one request and returns its reply; anything but a whole response fails the check with
     * what was sent and what happened instead.
     */
    public static Reply send(ServerProcess server, Request request) {
        Outcome outcome = exchange(server, request);
        if (!outcome.answered()) {
            throw Failure.sent(request.curl(server)).expected("a response").got(outcome.describe()).server(server).error();
        }
        return reply(request.curl(server), outcome);
    }

    /** Sends one request on a new connection and returns what happened, a response or not. */
    public static Outcome exchange(ServerProcess server, Request request) {
        try (RawConnection connection = RawConnection.connect(server, EXCHANGE_WITHIN)) {
            return connection.exchange(request.bytes(server.baseUrl().getAuthority()), request.isHead());
        } catch (IOException e) {
            return Outcome.failed(e, EXCHANGE_WITHIN, server.baseUrl());
        }
    }

    /** An answered outcome as a {@link Reply} to the request shown as {@code curl}. */
    static Reply reply(String curl, Outcome answered) {
        RawResponse response = answered.response();
        return new Reply(curl, response.status(), response.headers(), response.bodyText());
    }
}
