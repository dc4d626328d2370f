package workshop.grader;

import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.OptionalInt;

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
