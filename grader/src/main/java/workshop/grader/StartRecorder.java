package workshop.grader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Watch mode's record of the server starts a run makes, so that {@link Spares} can start the same
 * ones ahead for the next run. A port handed out by {@link Ports#free()} differs on every run, so it
 * is noted as "a free port", and the ports the spares wait with are handed out first next time.
 * Records nothing until watch mode turns it on.
 */
final class StartRecorder {

    /** Stands, in a noted environment, for a port that {@link Ports#free()} handed out. */
    static final String FREE_PORT = "<a free port>";

    private static final Object LOCK = new Object();
    private static boolean recording;
    private static final List<Map<String, String>> NOTED = new ArrayList<>();
    private static final Set<String> HANDED_OUT = new HashSet<>();
    private static final Deque<Integer> PORTS_AHEAD = new ArrayDeque<>();

    private StartRecorder() {
    }

    /** From now on, every server start is noted, so that the first save already finds spares. */
    static void start() {
        synchronized (LOCK) {
            recording = true;
        }
    }

    /** Notes nothing more and forgets everything noted. */
    static void stop() {
        synchronized (LOCK) {
            recording = false;
            NOTED.clear();
            HANDED_OUT.clear();
            PORTS_AHEAD.clear();
        }
    }

    static void noteLaunch(Env env) {
        synchronized (LOCK) {
            if (recording && !env.limitsFiles()) {
                Map<String, String> noted = new LinkedHashMap<>();
                env.resolveChanges().forEach((name, value) -> noted.put(name, HANDED_OUT.contains(value) ? FREE_PORT : value));
                NOTED.add(noted);
            }
        }
    }

    static void noteFreePort(int port) {
        synchronized (LOCK) {
            if (recording) {
                HANDED_OUT.add(Integer.toString(port));
            }
        }
    }

    /** The environments of the starts noted since the last call, in order. */
    static List<Map<String, String>> takeNotes() {
        synchronized (LOCK) {
            List<Map<String, String>> notes = List.copyOf(NOTED);
            NOTED.clear();
            HANDED_OUT.clear();
            return notes;
        }
    }

    /** A port a spare waits with, if one is left that is still free; {@link Ports#free()} hands it out. */
    static OptionalInt portAhead() {
        synchronized (LOCK) {
            for (Integer port = PORTS_AHEAD.poll(); port != null; port = PORTS_AHEAD.poll()) {
                if (Ports.isFree(port)) {
                    return OptionalInt.of(port);
                }
            }
            return OptionalInt.empty();
        }
    }

    /** The ports the waiting spares were started with, to hand out first. */
    static void portsAhead(List<Integer> ports) {
        synchronized (LOCK) {
            PORTS_AHEAD.clear();
            PORTS_AHEAD.addAll(ports);
        }
    }
}
