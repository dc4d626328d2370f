package workshop.grader;

/**
 * The learner's server did not become ready: it exited, printed no {@code Listening on} line, or
 * announced an address where nothing accepts connections. A failure, not an error: the message is
 * the whole story, for a beginner, without a stack trace.
 */
public final class ServerNotReady extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final boolean waitedInVain;

    ServerNotReady(String message, boolean waitedInVain) {
        super(message);
        this.waitedInVain = waitedInVain;
    }

    /**
     * Whether the whole wait went by: no {@code Listening on} line, or nothing accepting where it
     * pointed. A server that did that once will do it again, and each start would wait as long.
     */
    boolean waitedInVain() {
        return waitedInVain;
    }
}
