package workshop.grader;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The one way a check waits for a server to exit when it must: it gets the exit status, or a
 * failure that says what was sent, what was expected, and why the process is still running, from a
 * thread dump of its JVM (a shutdown hook that called {@code System.exit}, or where its threads
 * wait). A process that did not exit in time is then ended.
 */
final class Exits {

    private Exits() {
    }

    /**
     * @param cause    what should have made it exit, as the message starts: {@code Failure.sent("kill -TERM 1234")}
     *                 or {@code Failure.started("PORT=abc java …")}
     * @param expected what should have happened, e.g. {@code the process exits}
     */
    static int require(ServerProcess server, Duration within, Failure cause, String expected) {
        OptionalInt status = server.awaitExit(within);
        if (status.isPresent()) {
            return status.getAsInt();
        }
        String lastLines = server.lastLinesForMessage(6);
        Optional<ThreadDump> dump = ThreadDump.take(server, Duration.ofSeconds(2));
        server.close();
        throw cause.expected(expected + ", within " + words(within))
                .got("it was still running " + words(within) + " later, so the grader ended it.")
                .field("Why", dump.map(Exits::whyStillRunning).orElse("something kept it alive: a signal handler that does not stop the server, "
                        + "a shutdown hook that never returns, or a wait without a bound."))
                .note(lastLines)
                .error();
    }

    /** {@code 5 s} for whole seconds, {@code 3500 ms} otherwise. */
    static String words(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    static String whyStillRunning(ThreadDump dump) {
        Optional<String> exitCaller = dump.exitCalledDuringShutdown();
        if (exitCaller.isPresent()) {
            return "System.exit was called from a shutdown hook, at " + exitCaller.get() + ".\n"
                    + "System.exit runs the shutdown hooks and waits for them to finish; called from a hook, it waits\n"
                    + "for itself, forever. Return from the hook instead: the JVM exits once every hook has returned.";
        }
        List<String> where = dump.whereInApplicationCode();
        String state = dump.runningShutdownHooks() ? "The JVM is running its shutdown hooks and one has not returned." : "The JVM has not begun to exit.";
        return state + (where.isEmpty() ? "" : " Its threads in the server's code, from a thread dump:\n"
                + where.stream().limit(8).map(w -> "  " + w).collect(Collectors.joining("\n")));
    }
}
