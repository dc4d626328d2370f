package workshop.grader;

import org.awaitility.core.ConditionTimeoutException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * One run of the learner's server, as a child process of the test JVM.
 *
 * <pre>
 *   started ──(prints "Listening on http://h:p" and h:p accepts a connection)──▶ ready
 *      │                                                                        │
 *      └──(exits, or 10 s pass)──▶ not ready (ServerNotReady)        (signal, close)
 *                                                                               ▼
 *                                                                            exited
 * </pre>
 *
 * Standard output and standard error are read line by line, as they come, into one buffer that
 * checks can read and await at any time.
 */
public final class ServerProcess implements AutoCloseable {

    /** Ready must happen within this bound: the line printed and a connection accepted. */
    public static final Duration READY_WITHIN = Duration.ofSeconds(10);

    /** How long {@link #close()} waits after SIGTERM before it sends SIGKILL. */
    static final Duration END_GRACE = Duration.ofSeconds(3);

    private static final Pattern LISTENING = Pattern.compile("Listening on http://(\\[[0-9A-Fa-f:.%\\w]+]|[^\\s:/]+):(\\d+)/?");

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
    private volatile long startNanos = System.nanoTime();
    private final List<Line> lines = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private volatile String host;
    private volatile int port = -1;

    private ServerProcess(Process process, String command, OutputStream spareInput) {
        this.process = process;
        this.command = command;
        this.spareInput = spareInput;
        readers.add(read(process.getInputStream(), Stream.STDOUT));
        readers.add(read(process.getErrorStream(), Stream.STDERR));
    }

    /**
     * Starts the main class of an answer with the given environment; does not wait for ready. In
     * watch mode, a JVM that {@link Spares} started ahead with this environment runs it, if there is one.
     */
    public static ServerProcess start(Answer answer, String mainClass, Env env) {
        Spares.noteLaunch(env);
        Optional<ServerProcess> spare = Spares.take(answer, mainClass, env);
        if (spare.isPresent()) {
            return spare.get();
        }
        return spawn(List.of(), answer.classes().toString(), List.of(mainClass), mainClass, env, false);
    }

    /**
     * Starts a JVM for a later start of {@code mainClass} with this environment: it runs
     * {@link SpareLauncher} and waits, with standard input open, for {@link #go}.
     */
    static ServerProcess spare(Path launcherClasses, Path classes, Path preload, Path loadedClasses, String mainClass, Env env) {
        return spawn(List.of("-XX:DumpLoadedClassList=" + loadedClasses),
                launcherClasses + File.pathSeparator + classes,
                List.of(SpareLauncher.class.getName(), preload.toString()), mainClass, env, true);
    }

    private static ServerProcess spawn(List<String> flags, String classPath, List<String> mainAndArgs, String mainClass, Env env, boolean spare) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvm = new ArrayList<>(List.of(
                java.toString(),
                "-D" + ProcessJanitor.MARKER_PROPERTY + "=" + ProcessJanitor.marker(),
                // A small server starts faster with these; nothing it does needs more.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // Log lines are read as UTF-8 whatever the machine's locale.
                "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        jvm.addAll(flags);
        jvm.addAll(List.of("-cp", classPath));
        jvm.addAll(mainAndArgs);
        List<String> commandLine = Platform.concat(Platform.sigintDefaultPrefix(), jvm);
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        env.applyTo(builder.environment());
        try {
            return ProcessJanitor.start(() -> {
                Process process = builder.start();
                OutputStream input = process.getOutputStream();
                if (!spare) {
                    input.close();
                }
                return new ServerProcess(process, env.describe() + " java " + mainClass, spare ? input : null);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + String.join(" ", commandLine), e);
        }
    }

    /** Whether this server runs in a JVM that was started ahead as a spare. */
    boolean wasSpare() {
        return spareInput != null;
    }

    /**
     * Tells a spare to run its main class, whose classes must be in place: from now on it is what
     * {@link #start} returns, and its clock starts now. False if the spare could not be told (it
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

    private Thread read(InputStream stream, Stream which) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    Line line = new Line(which, text, elapsedMillis());
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (which == Stream.STDOUT && port < 0) {
                        Matcher m = LISTENING.matcher(text);
                        if (m.find()) {
                            host = m.group(1);
                            port = Integer.parseInt(m.group(2));
                        }
                    }
                }
            } catch (IOException e) {
                // The process ended and took its pipe with it.
            }
        }, "server-" + process.pid() + "-" + which.name().toLowerCase(java.util.Locale.ROOT));
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
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
        long deadline = System.nanoTime() + within.toNanos();
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> port >= 0 || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw notReady("It printed no \"Listening on http://<host>:<port>\" line within " + within.toSeconds() + " s."
                    + onStderrInstead());
        }
        if (port < 0) {
            awaitReaders();
            if (port < 0) {
                throw notReady("It stopped, with exit status " + process.exitValue() + ", before it printed \"Listening on http://<host>:<port>\"."
                        + onStderrInstead());
            }
        }
        if (port == 0) {
            throw notReady("It announced port 0. PORT=0 asks the operating system for any free port; "
                    + "announce the port the server really got, which is never 0.");
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200)));
        try {
            await().atMost(left).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || accepts());
        } catch (ConditionTimeoutException e) {
            throw notReady("It announced " + baseUrl() + " but nothing accepted a connection there within "
                    + within.toSeconds() + " s. Announce the address only after the socket is bound, with the port it really got.");
        }
        if (!process.isAlive()) {
            awaitReaders();
            throw notReady("It announced " + baseUrl() + " and then stopped, with exit status " + process.exitValue()
                    + ". A server stays alive between requests.");
        }
        return this;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(connectHost(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String connectHost() {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (h.equals("::")) {
            return "::1";
        }
        return h;
    }

    private String onStderrInstead() {
        boolean onStderr = lines().stream()
                .anyMatch(l -> l.stream() == Stream.STDERR && LISTENING.matcher(l.text()).find());
        return onStderr ? " It printed that line on standard error: print it on standard output (System.out)." : "";
    }

    private ServerNotReady notReady(String why) {
        return new ServerNotReady("The server did not start. " + why + "\n"
                + "Started: " + command + "\n"
                + lastLinesForMessage(12));
    }

    /** The last lines the server printed, ready to quote in a message. */
    public String lastLinesForMessage(int count) {
        List<Line> all = lines();
        if (all.isEmpty()) {
            return "It printed nothing.";
        }
        List<Line> last = all.subList(Math.max(0, all.size() - count), all.size());
        return (last.size() < all.size() ? "Its last " + last.size() + " lines:\n" : "What it printed:\n")
                + last.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    private void awaitReaders() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            for (Thread reader : readers) {
                reader.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The host as announced: {@code 127.0.0.1}, {@code localhost}, {@code [::1]}. */
    public String host() {
        return host;
    }

    /** The port as announced. */
    public int port() {
        return port;
    }

    /** Where to send requests, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return URI.create("http://" + (connectHost().contains(":") ? "[" + connectHost() + "]" : connectHost()) + ":" + port);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every line printed so far, both streams, in the order they were read. */
    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines printed on standard output so far. */
    public List<String> stdout() {
        return lines().stream().filter(l -> l.stream() == Stream.STDOUT).map(Line::text).collect(Collectors.toList());
    }

    /** The lines printed on standard error so far. */
    public List<String> stderr() {
        return lines().stream().filter(l -> l.stream() == Stream.STDERR).map(Line::text).collect(Collectors.toList());
    }

    /** Waits for a line on standard output that matches; empty if none came within the bound. */
    public Optional<String> awaitStdoutLine(Predicate<String> matches, Duration within) {
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> stdout().stream().anyMatch(matches) || !isAlive() && readersDone());
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
        return stdout().stream().filter(matches).findFirst();
    }

    /** Waits until the lines on standard output so far satisfy the condition; whether they did in time. */
    public boolean awaitStdout(Predicate<List<String>> condition, Duration within) {
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> condition.test(stdout()) || !isAlive() && readersDone());
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return condition.test(stdout());
    }

    /** Waits until at least {@code count} lines on standard output match; returns those found. */
    public List<String> awaitStdoutLines(Predicate<String> matches, int count, Duration within) {
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> stdout().stream().filter(matches).count() >= count || !isAlive() && readersDone());
        } catch (ConditionTimeoutException e) {
            // Return what came; the check says what was missing.
        }
        return stdout().stream().filter(matches).collect(Collectors.toList());
    }

    private boolean readersDone() {
        return readers.stream().noneMatch(Thread::isAlive);
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

    /** Waits for the process to exit; its exit status, or empty if it is still running. */
    public OptionalInt awaitExit(Duration within) {
        try {
            if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                awaitReaders();
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /**
     * Waits for the process to exit and returns its exit status; a check's failure if it is still
     * running after {@code within}, which then ends it. For checks of a server that must refuse to
     * start: {@code expected} says why it should have exited, for the message.
     */
    public int requireExit(Duration within, String expected) {
        OptionalInt status = awaitExit(within);
        if (status.isPresent()) {
            return status.getAsInt();
        }
        close();
        throw new AssertionError("Started:  " + command + "\n"
                + "Expected: " + expected + ", within " + within.toSeconds() + " s\n"
                + "Got:      it was still running " + within.toSeconds() + " s later, so the grader ended it.\n"
                + lastLinesForMessage(6));
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
            if (process.isAlive()) {
                List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
                process.destroy();
                if (!process.waitFor(END_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            ProcessJanitor.ended(this);
        }
    }

    @Override
    public String toString() {
        return command + " (pid " + pid() + ")";
    }
}
