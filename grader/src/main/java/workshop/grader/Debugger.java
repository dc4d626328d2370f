package workshop.grader;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debugging a learner's server while a check runs, chosen by the setting {@value #SETTING}: unset,
 * empty or {@code false}, servers start as always; {@code true} (what a bare
 * {@code -Dworkshop.debug} sets), or a port number, and every server the checks start waits, before
 * its first line runs, for a debugger to attach on {@code 127.0.0.1}: the first on that port
 * (5005 for {@code true}), the next one on the port after it, and so on, one port per process.
 *
 * <p>While a debugger holds a server at a breakpoint, the grader's waits on that server do not run
 * out: its start, every connection's reads, the lines awaited on its output ({@link #LIFTED}; see
 * {@link ServerProcess#bound}). It is the one exception to the rule that every wait is bounded, and
 * it holds for those servers only. What a check measures in time (an exit within 5 s, a read
 * timeout, a grace period) is still measured: a check about time fails if its server was held up.
 * No spares are used, and no server is launched ahead.
 */
final class Debugger {

    /** The JUnit configuration parameter, or system property, that turns it on. */
    static final String SETTING = "workshop.debug";

    /** The first port when the setting is {@code true}, as most IDEs and Maven's own debug options use. */
    static final int DEFAULT_PORT = 5005;

    /** How long a wait on a server being debugged may last: a working day, not forever, so a run left alone still ends. */
    static final Duration LIFTED = Duration.ofHours(8);

    /** Servers start as always. */
    static final Debugger OFF = new Debugger(-1);

    private final int firstPort;
    private final AtomicInteger launched = new AtomicInteger();

    private Debugger(int firstPort) {
        this.firstPort = firstPort;
    }

    /** Reads the setting's value. */
    static Debugger of(Optional<String> setting) {
        String value = setting.map(String::trim).orElse("");
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return OFF;
        }
        if (value.equalsIgnoreCase("true")) {
            return new Debugger(DEFAULT_PORT);
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return new Debugger(port);
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException(SETTING + "=" + value + ": give true (port " + DEFAULT_PORT + ") or the first port, 1 to 65535");
    }

    /** Whether the setting was given a value that turns it on; false for a value it refuses, which the checks then report. */
    static boolean requested(Optional<String> setting) {
        try {
            return of(setting).on();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    boolean on() {
        return firstPort > 0;
    }

    /**
     * The JVM options for the next server: the JDK's debug agent, listening on loopback, the JVM
     * suspended until a debugger attaches, and quiet, since the server's output is graded. Only
     * when {@link #on()}. Says on {@code out} which port, for which server.
     */
    List<String> nextServer(String command, PrintStream out) {
        int port = firstPort + launched.getAndIncrement();
        out.println("[debug] " + command + " waits for a debugger on 127.0.0.1:" + port
                + ": attach to it (jdb -attach 127.0.0.1:" + port + ", or your IDE's remote debug), then resume it");
        out.flush();
        return List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,quiet=y,address=127.0.0.1:" + port);
    }
}
