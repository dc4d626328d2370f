package workshop.grader;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * What happened to one HTTP exchange: a response, or the way it failed, in plain words. A check
 * that wants a response fails on anything else ({@link Http#send}); a check for which a refused
 * connection is as good as a 503 (a server that is stopping) looks at the kind.
 *
 * @param kind     what happened
 * @param response the response; null unless {@link Kind#ANSWERED}
 * @param problem  what went wrong, in plain words; null when answered
 */
public record Outcome(Kind kind, RawResponse response, String problem) {

    /** The ways an exchange can end. */
    public enum Kind {
        /** A whole response came. */
        ANSWERED,
        /** Nothing listens at the address: the connection was refused. */
        REFUSED,
        /** The server closed the connection before sending any byte of a response. */
        CLOSED,
        /** The connection was reset, or broke while sending or reading. */
        RESET,
        /** No response within the read timeout. */
        TIMED_OUT,
        /** Bytes came, but not a whole HTTP response; the problem says how. */
        MALFORMED
    }

    static Outcome answered(RawResponse response) {
        return new Outcome(Kind.ANSWERED, response, null);
    }

    /**
     * Names what went wrong from an exception of the exchange (or of a client library, whose cause
     * chain holds the socket's own exception).
     *
     * @param timeout the read timeout, for the words "no response within"
     * @param where   where the request went, for the words "nothing listens on"
     */
    public static Outcome failed(Throwable e, Duration timeout, URI where) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new Outcome(Kind.TIMED_OUT, null, "no response within " + inWords(timeout));
            }
            if (t instanceof ConnectException) {
                return new Outcome(Kind.REFUSED, null, "the connection was refused: nothing listens on " + where);
            }
            if (t instanceof ResponseReader.NoResponse || t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return new Outcome(Kind.CLOSED, null, "the server closed the connection without sending a response");
            }
            if (t instanceof ResponseReader.ResponseProblem) {
                return new Outcome(Kind.MALFORMED, null, t.getMessage());
            }
            if (t instanceof SocketException) {
                String message = String.valueOf(t.getMessage());
                String lower = message.toLowerCase(Locale.ROOT);
                return new Outcome(Kind.RESET, null, lower.contains("reset") || lower.contains("broken pipe")
                        ? "the server reset the connection (" + message + ")"
                        : "the connection broke: " + message);
            }
        }
        return new Outcome(Kind.RESET, null, "the connection broke: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String inWords(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    public boolean answered() {
        return kind == Kind.ANSWERED;
    }

    /** The status code; -1 when no response came. */
    public int status() {
        return answered() ? response.status() : -1;
    }

    /** The body as UTF-8 text; empty when no response came. */
    public String body() {
        return answered() ? response.bodyText() : "";
    }

    /** For a message: {@code status 200}, or what went wrong. */
    public String describe() {
        return answered() ? "status " + response.status() : problem;
    }
}
