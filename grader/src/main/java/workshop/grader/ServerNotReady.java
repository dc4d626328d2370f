package workshop.grader;

/**
 * The learner's server did not become ready: it exited, printed no {@code Listening on} line, or
 * announced an address where nothing accepts connections. A failure, not an error: the message is
 * the whole story, for a beginner, without a stack trace.
 */
public final class ServerNotReady extends AssertionError {
    private static final long serialVersionUID = 1L;

    ServerNotReady(String message) {
        super(message);
    }
}
