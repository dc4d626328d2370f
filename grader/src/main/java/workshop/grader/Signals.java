package workshop.grader;

import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Checks that a server stops on a signal. Windows has no SIGINT or SIGTERM to send, so there these
 * checks are skipped with the reason, never failed.
 */
public final class Signals {

    /** A server must exit within this bound after SIGINT or SIGTERM. */
    public static final Duration STOP_WITHIN = Duration.ofSeconds(5);

    private Signals() {
    }

    /** Skips the calling check, with the reason, where signals cannot be sent. */
    public static void assumeSupported() {
        Assumptions.assumeTrue(Platform.hasPosixSignals(),
                "Windows has no SIGINT or SIGTERM to send; run this check on Linux, macOS or WSL");
    }

    /** Sends SIGTERM and waits for the exit; fails with what happened if it does not come. */
    public static int stopWithSigterm(ServerProcess server) {
        server.sendSigterm();
        return awaitStopped(server, "kill -TERM " + server.pid() + "   (what a process manager sends to stop a service)");
    }

    /** Sends SIGINT, as Ctrl+C does, and waits for the exit; fails with what happened if it does not come. */
    public static int stopWithSigint(ServerProcess server) {
        if (server.ignoresSigint().orElse(false)) {
            Assumptions.abort("this run of the checks started with SIGINT ignored (a background job of a "
                    + "non-interactive shell passes that on), so Ctrl+C cannot be tested here; run the checks in a terminal");
        }
        server.sendSigint();
        return awaitStopped(server, "kill -INT " + server.pid() + "   (what Ctrl+C sends)");
    }

    /**
     * Sends SIGINT, as Ctrl+C does, without waiting; skips the calling check when this run of the
     * checks started with SIGINT ignored, where Ctrl+C cannot be tested.
     */
    public static void sendSigint(ServerProcess server) {
        if (server.ignoresSigint().orElse(false)) {
            Assumptions.abort("this run of the checks started with SIGINT ignored (a background job of a "
                    + "non-interactive shell passes that on), so Ctrl+C cannot be tested here; run the checks in a terminal");
        }
        server.sendSigint();
    }

    /**
     * Waits, at most {@code within}, for the process to exit after a signal, and returns its exit
     * status. If it is still running, the failure says why, from a thread dump of the JVM: a
     * shutdown hook that called {@code System.exit}, or the place in the server's code where its
     * threads wait. The process is then ended.
     *
     * @param sent what was sent, for the message, e.g. {@code kill -TERM 1234}
     */
    public static int awaitExit(ServerProcess server, Duration within, String sent) {
        OptionalInt status = server.awaitExit(within);
        if (status.isPresent()) {
            return status.getAsInt();
        }
        String lastLines = server.lastLinesForMessage(6);
        Optional<ThreadDump> dump = ThreadDump.take(server, Duration.ofSeconds(2));
        server.close();
        throw new AssertionError("Sent:     " + sent + "\n"
                + "Expected: the process exits within " + within.toMillis() + " ms\n"
                + "Got:      it was still running " + within.toMillis() + " ms later, so the grader ended it with SIGKILL.\n"
                + dump.map(Signals::whyStillRunning).orElse("Something kept it alive: a shutdown hook that never returns, or a wait without a bound.") + "\n"
                + lastLines);
    }

    static String whyStillRunning(ThreadDump dump) {
        Optional<String> exitCaller = dump.exitCalledDuringShutdown();
        if (exitCaller.isPresent()) {
            return "Why:      System.exit was called from a shutdown hook, at " + exitCaller.get() + ".\n"
                    + "          System.exit runs the shutdown hooks and waits for them to finish; called from a hook, it waits\n"
                    + "          for itself, forever. Return from the hook instead: the JVM exits once every hook has returned.";
        }
        List<String> where = dump.whereInApplicationCode();
        String state = dump.runningShutdownHooks() ? "The JVM is running its shutdown hooks and one has not returned." : "The JVM has not begun to exit.";
        return "Why:      " + state + (where.isEmpty() ? "" : " Its threads in the server's code, from a thread dump:\n"
                + where.stream().limit(8).map(w -> "            " + w).collect(Collectors.joining("\n")));
    }

    private static int awaitStopped(ServerProcess server, String sent) {
        OptionalInt status = server.awaitExit(STOP_WITHIN);
        if (status.isPresent()) {
            return status.getAsInt();
        }
        server.close();
        throw new AssertionError("Sent:     " + sent + "\n"
                + "Expected: the process exits within " + STOP_WITHIN.toSeconds() + " s\n"
                + "Got:      it was still running " + STOP_WITHIN.toSeconds() + " s later, so the grader ended it with SIGKILL.\n"
                + "Something kept it alive: a signal handler that does not stop the server, or a shutdown hook that never returns.\n"
                + server.lastLinesForMessage(6));
    }
}
