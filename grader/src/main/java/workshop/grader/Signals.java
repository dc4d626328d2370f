package workshop.grader;

import org.junit.jupiter.api.Assumptions;

import java.time.Duration;

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
        return awaitExit(server, STOP_WITHIN, "kill -TERM " + server.pid() + "   (what a process manager sends to stop a service)");
    }

    /** Sends SIGINT, as Ctrl+C does, and waits for the exit; fails with what happened if it does not come. */
    public static int stopWithSigint(ServerProcess server) {
        sendSigint(server);
        return awaitExit(server, STOP_WITHIN, "kill -INT " + server.pid() + "   (what Ctrl+C sends)");
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
     * status. If it is still running, the failure says why, from a thread dump of the JVM, and the
     * process is ended.
     *
     * @param sent what was sent, for the message, e.g. {@code kill -TERM 1234}
     */
    public static int awaitExit(ServerProcess server, Duration within, String sent) {
        return Exits.require(server, within, Failure.sent(sent), "the process exits");
    }
}
