package workshop.grader;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The message of a failing check, in the shape every check uses: what was sent (a curl line where
 * one fits), what was expected, what came back, and, when the check names its server, whether that
 * server is still running and the last lines it printed.
 *
 * <pre>
 *   Sent:     curl -i http://127.0.0.1:41234/
 *   Expected: a response
 *   Got:      the server closed the connection without sending a response
 *   The server process has exited.
 *   Its last 6 lines:
 *     out| ...
 * </pre>
 *
 * A value of several lines continues under the first, aligned; a list goes one item a line under
 * its label ("Sent, in this order:").
 */
public final class Failure {

    /** The one way a message says the server is gone. */
    public static final String EXITED = "The server process has exited.";

    private static final int LABEL_WIDTH = 10;
    private static final int DEFAULT_LAST_LINES = 6;

    private final List<String> parts = new ArrayList<>();
    private ServerProcess server;
    private int lastLines = DEFAULT_LAST_LINES;

    private Failure() {
    }

    /** Starts a message with what the check sent. */
    public static Failure sent(String what) {
        return new Failure().field("Sent", what);
    }

    /** Starts a message with what the check sent, one item a line under "Sent:". */
    public static Failure sent(List<String> what) {
        return new Failure().field("Sent", what);
    }

    /** Starts a message with what the check sent, one item a line under "Sent, {@code how}:". */
    public static Failure sent(String how, List<String> what) {
        return new Failure().field("Sent, " + how, what);
    }

    /** Starts a message with how the check started the server, for checks that send no request. */
    public static Failure started(String how) {
        return new Failure().field("Started", how);
    }

    public Failure expected(String what) {
        return field("Expected", what);
    }

    public Failure got(String what) {
        return field("Got", what);
    }

    /** Adds a line with a label of its own ("Missing", "Why"). */
    public Failure field(String label, String value) {
        String head = label + ":";
        String indent = " ".repeat(Math.max(LABEL_WIDTH, head.length() + 1));
        String padded = head + indent.substring(head.length());
        parts.add(padded + String.join("\n" + indent, value.strip().split("\n", -1)));
        return this;
    }

    /** Adds a list under its label, one item a line. */
    public Failure field(String label, List<String> items) {
        // An item of several lines keeps them all inside the list's indent.
        parts.add(label + ":" + (items.isEmpty() ? " (none)" : "\n  " + items.stream().map(item -> item.replace("\n", "\n  "))
                .collect(Collectors.joining("\n  "))));
        return this;
    }

    /** Adds text as it is, under the rest: lines quoted from elsewhere. */
    public Failure note(String text) {
        parts.add(text);
        return this;
    }

    /** Ends the message with whether this server still runs, and its last lines. */
    public Failure server(ServerProcess server) {
        this.server = server;
        return this;
    }

    /** How many of the server's last lines to quote (6 unless told). */
    public Failure lastLines(int count) {
        this.lastLines = count;
        return this;
    }

    public String message() {
        List<String> all = new ArrayList<>(parts);
        if (server != null) {
            if (!server.isAlive()) {
                all.add(EXITED);
            }
            all.add(server.lastLinesForMessage(lastLines));
        }
        return String.join("\n", all);
    }

    /** The message as a check's failure. */
    public AssertionError error() {
        return new AssertionError(message());
    }

    /** The message as a check's failure, caused by what went wrong underneath. */
    public AssertionError error(Throwable cause) {
        return new AssertionError(message(), cause);
    }

    @Override
    public String toString() {
        return message();
    }
}
