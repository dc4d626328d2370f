package workshop.grader;

import java.net.URI;

/**
 * What came back for one request sent by one of several clients, and when it was sent and when
 * its exchange ended, in milliseconds since the clients began.
 *
 * @param baseUrl        where the request went, for its curl line
 * @param client         which client sent it, from 1
 * @param request        the request
 * @param outcome        its response, or how the exchange failed
 * @param sentMillis     when the request was sent
 * @param answeredMillis when the response came, or the exchange failed
 */
public record Answered(URI baseUrl, int client, Request request, Outcome outcome, long sentMillis, long answeredMillis) {

    /** The request as a curl command; written only when a message needs it. */
    public String curl() {
        return request.curl(baseUrl);
    }

    public boolean answered() {
        return outcome.answered();
    }

    /** The status code; -1 when no response came. */
    public int status() {
        return outcome.status();
    }

    /** The body; empty when no response came. */
    public String body() {
        return outcome.body();
    }

    /** The request and what came back, for a message: its curl line, then {@code → 200 <body>} or what went wrong. */
    public String describe() {
        // A body of several lines stays under the arrow, so a list of these reads one reply at a time.
        return curl() + "\n      → " + (answered() ? status() + " " + body().strip().replace("\n", "\n        ") : outcome.problem());
    }

    /** As {@link #describe()}: an assertion that prints a list of these shows what was sent and what came back. */
    @Override
    public String toString() {
        return describe();
    }
}
