package workshop.grader;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * What each thread of a running JVM is doing, as the JVM prints it on standard output when it gets
 * SIGQUIT ({@code kill -QUIT <pid>}, what {@code jstack} shows too). It tells a grader why a server
 * that should have exited is still running: a shutdown hook waiting forever, or one that called
 * {@code System.exit}.
 *
 * @param threads every thread, with its stack
 */
public record ThreadDump(List<Stack> threads) {

    private static final Pattern THREAD_NAME = Pattern.compile("^\"([^\"]*)\"");

    /** One thread of the dump: its name and its frames, innermost first ({@code java.lang.Thread.sleep(...)}). */
    public record Stack(String name, List<String> frames) {
    }

    /**
     * Asks the server's JVM for a thread dump and reads it from its standard output; empty where
     * signals cannot be sent, or when the process printed none within the bound (it exited, or it
     * is not a JVM).
     */
    public static Optional<ThreadDump> take(ServerProcess server, Duration within) {
        if (!Platform.hasPosixSignals() || !server.isAlive()) {
            return Optional.empty();
        }
        int before = server.stdout().size();
        Platform.kill("QUIT", server.pid());
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> end(server.stdout(), before) >= 0 || !server.isAlive());
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
        List<String> lines = server.stdout();
        int end = end(lines, before);
        return end < 0 ? Optional.empty() : Optional.of(parse(lines.subList(before, end)));
    }

    private static int end(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith("JNI global refs")) {
                return i;
            }
        }
        return -1;
    }

    /** Reads a dump in the JVM's text format. */
    static ThreadDump parse(List<String> lines) {
        List<Stack> threads = new ArrayList<>();
        String name = null;
        List<String> frames = new ArrayList<>();
        for (String line : lines) {
            Matcher m = THREAD_NAME.matcher(line);
            if (m.find()) {
                if (name != null) {
                    threads.add(new Stack(name, List.copyOf(frames)));
                }
                name = m.group(1);
                frames.clear();
            } else if (name != null && line.strip().startsWith("at ")) {
                frames.add(line.strip().substring(3));
            }
        }
        if (name != null) {
            threads.add(new Stack(name, List.copyOf(frames)));
        }
        return new ThreadDump(List.copyOf(threads));
    }

    /** Whether the JVM is exiting: some thread is running the shutdown hooks. */
    public boolean runningShutdownHooks() {
        return threads.stream().anyMatch(t -> t.frames().stream().anyMatch(f -> f.startsWith("java.lang.ApplicationShutdownHooks.runHooks")));
    }

    /**
     * The frame that called {@code System.exit} (or {@code Runtime.exit}, {@code halt} excluded)
     * while the JVM was already running its shutdown hooks: such a call waits for the hooks to
     * finish, and it is made by one of them, so it waits forever.
     */
    public Optional<String> exitCalledDuringShutdown() {
        if (!runningShutdownHooks()) {
            return Optional.empty();
        }
        for (Stack thread : threads) {
            List<String> frames = thread.frames();
            if (frames.stream().anyMatch(f -> f.startsWith("java.lang.ApplicationShutdownHooks."))) {
                continue;
            }
            int exit = -1;
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).startsWith("java.lang.System.exit(") || frames.get(i).startsWith("java.lang.Runtime.exit(")) {
                    exit = i;
                }
            }
            if (exit >= 0 && exit + 1 < frames.size()) {
                return Optional.of(frames.get(exit + 1));
            }
        }
        return Optional.empty();
    }

    /** For each thread with a frame outside the JDK: its name and the innermost such frame. */
    public List<String> whereInApplicationCode() {
        List<String> where = new ArrayList<>();
        for (Stack thread : threads) {
            thread.frames().stream().filter(ThreadDump::isApplicationFrame).findFirst()
                    .ifPresent(frame -> where.add("\"" + thread.name() + "\" at " + frame));
        }
        return where;
    }

    private static boolean isApplicationFrame(String frame) {
        return !(frame.startsWith("java.") || frame.startsWith("javax.") || frame.startsWith("jdk.")
                || frame.startsWith("sun.") || frame.startsWith("com.sun."));
    }
}
