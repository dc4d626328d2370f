package workshop.grader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One run of the learner's server, as a child process of the test JVM: what checks hold on to. It
 * is launched by {@link Launcher}, becomes ready as {@link Readiness} decides, prints into a
 * {@link ServerOutput}, and is stopped by a signal or by {@link #close()}.
 */
public final class ServerProcess implements AutoCloseable {

    /** Ready must happen within this bound: the line printed and a connection accepted. */
    public static final Duration READY_WITHIN = Duration.ofSeconds(10);

    /** How long {@link #close()} waits after SIGTERM before it sends SIGKILL. */
    static final Duration END_GRACE = Duration.ofSeconds(3);

    /** Where a line came from. */
    public enum Stream { STDOUT, STDERR }

    /** One line the server printed, and when (milliseconds since the process started). */
    public record Line(Stream stream, String text, long atMillis) {
        @Override
        public String toString() {
            return (stream == Stream.STDERR ? "err| " : "out| ") + text;
        }
    }

    private final Process process;
    private final String command;
    /** A spare's standard input, open until it is told which main class to run; null otherwise. */
    private final OutputStream spareInput;
    /** Whether it waits for, or runs under, a debugger: its waits then do not run out (see {@link Debugger}). */
    private final boolean debugged;
    private volatile long startNanos = System.nanoTime();
    private final Readiness readiness = new Readiness();
    private final ServerOutput output;

    ServerProcess(Process process, String command, OutputStream spareInput, boolean debugged) {
        this.process = process;
        this.command = command;
        this.spareInput = spareInput;
        this.debugged = debugged;
        this.output = new ServerOutput(process, this::elapsedMillis, process::isAlive, readiness::see);
    }

    /**
     * Launches the main class of an answer with the given environment, and does not wait for it:
     * {@link #awaitReady()} does. (A check starts servers through {@link Servers}, whose
     * {@code start} waits until ready.)
     */
    public static ServerProcess launch(Answer answer, String mainClass, Env env) {
        return Launcher.launch(answer, mainClass, env, Debugger.OFF);
    }

    /** A wait on this server: {@code within}, or {@link Debugger#LIFTED} while a debugger may hold it. */
    Duration bound(Duration within) {
        return debugged ? Debugger.LIFTED : within;
    }

    /** Whether this server runs in a JVM that was started ahead as a spare. */
    boolean wasSpare() {
        return spareInput != null;
    }

    /**
     * Tells a spare to run its main class, whose classes must be in place: from now on it is what
     * {@link #launch} returns, and its clock starts now. False if the spare could not be told (it
     * has ended).
     */
    boolean go(String mainClass) {
        startNanos = System.nanoTime();
        try (OutputStream input = spareInput) {
            input.write((mainClass + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
            return process.isAlive();
        } catch (IOException e) {
            return false;
        }
    }

    long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** How it was started, for messages: {@code PORT=0 java workshop.hello.HelloServer}. */
    String command() {
        return command;
    }

    /**
     * Waits, at most {@link #READY_WITHIN}, until the server has printed its {@code Listening on}
     * line and a TCP connection to that address succeeds.
     *
     * @throws ServerNotReady with the reason and the last lines the server printed
     */
    public ServerProcess awaitReady() {
        return awaitReady(READY_WITHIN);
    }

    ServerProcess awaitReady(Duration within) {
        readiness.awaitReady(this, bound(within));
        return this;
    }

    /** The host as announced: {@code 127.0.0.1}, {@code localhost}, {@code [::1]}. */
    public String host() {
        return readiness.host();
    }

    /** The port as announced. */
    public int port() {
        return readiness.port();
    }

    /** Where to send requests, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return readiness.baseUrl();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every line printed so far, both streams, in the order they were read. */
    public List<Line> lines() {
        return output.lines();
    }

    /** The lines printed on standard output so far. */
    public List<String> stdout() {
        return output.of(Stream.STDOUT);
    }

    /** The lines printed on standard error so far. */
    public List<String> stderr() {
        return output.of(Stream.STDERR);
    }

    /** The last lines the server printed, ready to quote in a message. */
    public String lastLinesForMessage(int count) {
        return output.lastLinesForMessage(count);
    }

    /** Waits for a line on standard output that matches; empty if none came within the bound. */
    public Optional<String> awaitStdoutLine(Predicate<String> matches, Duration within) {
        return output.awaitStdoutLine(matches, bound(within));
    }

    /** Waits until the lines on standard output so far satisfy the condition; whether they did in time. */
    public boolean awaitStdout(Predicate<List<String>> condition, Duration within) {
        return output.awaitStdout(condition, bound(within));
    }

    /** Waits until at least {@code count} lines on standard output match; returns those found. */
    public List<String> awaitStdoutLines(Predicate<String> matches, int count, Duration within) {
        return output.awaitStdoutLines(matches, count, bound(within));
    }

    /** Sends SIGTERM, what a process manager sends to stop a service. */
    public void sendSigterm() {
        Platform.kill("TERM", pid());
    }

    /** Sends SIGINT, what Ctrl+C in a terminal sends. */
    public void sendSigint() {
        Platform.kill("INT", pid());
    }

    /** Whether the process ignores SIGINT from birth, where the system says (Linux); empty elsewhere. */
    public Optional<Boolean> ignoresSigint() {
        return Platform.ignoresSigint(pid());
    }

    /**
     * Waits for the process to exit, and for every line it printed; its exit status, or empty if it
     * is still running. To fail a check when it does not exit, use {@link #requireExit}.
     */
    public OptionalInt awaitExit(Duration within) {
        try {
            if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                output.awaitComplete(Duration.ofSeconds(2));
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** The exit status of a process that has ended or is ending, once its output is all read; -1 if it runs on. */
    int exitStatusOnceEnded() {
        return awaitExit(Duration.ofSeconds(2)).orElse(-1);
    }

    /**
     * Waits for the process to exit and returns its exit status; a check's failure if it is still
     * running after {@code within}, which then ends it. For checks of a server that must refuse to
     * start: {@code expected} says what should have happened, for the message.
     */
    public int requireExit(Duration within, String expected) {
        return Exits.require(this, within, Failure.started(command), expected);
    }

    /**
     * Ends the process and its descendants: SIGTERM, then SIGKILL after a grace. Safe to call more
     * than once.
     */
    @Override
    public void close() {
        try {
            if (spareInput != null) {
                spareInput.close();
            }
        } catch (IOException e) {
            // Already closed: it was told to run, or it has ended.
        }
        try {
            ProcessJanitor.end(process, END_GRACE);
        } finally {
            ProcessJanitor.ended(this);
        }
    }

    @Override
    public String toString() {
        return command + " (pid " + pid() + ")";
    }
}
