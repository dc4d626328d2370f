package workshop.grader;

import org.awaitility.core.ConditionTimeoutException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import workshop.grader.ServerProcess.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Everything a server process prints, on both streams, read line by line as it comes into one list
 * that checks can read and await at any time. One reader thread per stream; the process ending
 * ends them.
 */
final class ServerOutput {

    private final List<ServerProcess.Line> lines = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final LongSupplier clock;
    private final BooleanSupplier alive;

    /**
     * @param clock  milliseconds since the process started, to stamp each line
     * @param alive  whether the process still runs: a wait ends early once it does not and every line is in
     * @param onLine sees every standard output line as it arrives (readiness looks for its announcement)
     */
    ServerOutput(Process process, LongSupplier clock, BooleanSupplier alive, Consumer<String> onLine) {
        this.clock = clock;
        this.alive = alive;
        readers.add(read(process.getInputStream(), Stream.STDOUT, process.pid(), onLine));
        readers.add(read(process.getErrorStream(), Stream.STDERR, process.pid(), line -> { }));
    }

    private Thread read(InputStream stream, Stream which, long pid, Consumer<String> onLine) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    ServerProcess.Line line = new ServerProcess.Line(which, text, clock.getAsLong());
                    synchronized (lines) {
                        lines.add(line);
                    }
                    onLine.accept(text);
                }
            } catch (IOException e) {
                // The process ended and took its pipe with it.
            }
        }, "server-" + pid + "-" + which.name().toLowerCase(Locale.ROOT));
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Every line printed so far, both streams, in the order they were read. */
    List<ServerProcess.Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    List<String> of(Stream stream) {
        return lines().stream().filter(l -> l.stream() == stream).map(ServerProcess.Line::text).collect(Collectors.toList());
    }

    /** Whether every line the process printed has been read: it has ended and closed both streams. */
    boolean complete() {
        return !alive.getAsBoolean() && readers.stream().noneMatch(Thread::isAlive);
    }

    /** Waits, at most {@code within} more, for the readers to reach the end of both streams. */
    void awaitComplete(Duration within) {
        try {
            for (Thread reader : readers) {
                reader.join(Math.max(1, within.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the standard output lines satisfy the condition, or all output is in; whether they did. */
    boolean awaitStdout(Predicate<List<String>> condition, Duration within) {
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> condition.test(of(Stream.STDOUT)) || complete());
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return condition.test(of(Stream.STDOUT));
    }

    Optional<String> awaitStdoutLine(Predicate<String> matches, Duration within) {
        awaitStdout(out -> out.stream().anyMatch(matches), within);
        return of(Stream.STDOUT).stream().filter(matches).findFirst();
    }

    List<String> awaitStdoutLines(Predicate<String> matches, int count, Duration within) {
        awaitStdout(out -> out.stream().filter(matches).count() >= count, within);
        return of(Stream.STDOUT).stream().filter(matches).collect(Collectors.toList());
    }

    /** The last lines printed, ready to quote in a message. */
    String lastLinesForMessage(int count) {
        List<ServerProcess.Line> all = lines();
        if (all.isEmpty()) {
            return "It printed nothing.";
        }
        List<ServerProcess.Line> last = all.subList(Math.max(0, all.size() - count), all.size());
        return (last.size() < all.size() ? "Its last " + last.size() + " lines:\n" : "What it printed:\n")
                + last.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }
}
