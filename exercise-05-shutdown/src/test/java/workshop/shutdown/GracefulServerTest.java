package workshop.shutdown;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.Checks;
import workshop.grader.Env;
import workshop.grader.Failure;
import workshop.grader.Hint;
import workshop.grader.Http;
import workshop.grader.InFlight;
import workshop.grader.Outcome;
import workshop.grader.Ports;
import workshop.grader.RawConnection;
import workshop.grader.Reply;
import workshop.grader.Request;
import workshop.grader.ServerProcess;
import workshop.grader.Servers;
import workshop.grader.Signals;
import workshop.grader.Soft;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The checks of exercise 05, in the order of the README's steps. */
@Checks(exercise = "exercise-05-shutdown", mainClass = "workshop.shutdown.GracefulServer")
class GracefulServerTest {

    /** Slack on top of SHUTDOWN_GRACE_MS for the JVM to run its last steps and exit. */
    private static final Duration EXIT_SLACK = Duration.ofSeconds(2);

    /** The orders check sends SIGTERM once this many orders are acknowledged, while clients keep sending. */
    private static final int ACKS_BEFORE_SIGTERM = 100;

    /**
     * Compiles the answer being graded before the checks start their 15 s clocks. A failure is not
     * reported here: each check that starts a server reports it.
     */
    // ---- Step 1: config --------------------------------------------------------------------

    @Test
    @DisplayName("exits non-zero with a one-line reason for bad config or a taken port, checking config before it binds")
    @Hint(step = 1, value = "Read and check every variable before HttpServer.create. On a bad value print one line on System.err that names it, then System.exit(2); catch BindException for a taken port.")
    void exits_on_bad_config(Servers servers, @TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            Map<String, Env> cases = new LinkedHashMap<>();
            Map<String, String> mustName = new LinkedHashMap<>();
            cases.put("STARTUP_DELAY_MS=soon", envIn(dir).set("STARTUP_DELAY_MS", "soon"));
            mustName.put("STARTUP_DELAY_MS=soon", "STARTUP_DELAY_MS");
            cases.put("DATA_FILE in a folder that does not exist", envIn(dir).set("DATA_FILE", dir.resolve("no-such-folder").resolve("orders.txt").toString()));
            mustName.put("DATA_FILE in a folder that does not exist", "DATA_FILE");
            cases.put("PORT=" + port + ", a port already taken", envIn(dir).set("PORT", port));
            mustName.put("PORT=" + port + ", a port already taken", port);
            cases.put("SHUTDOWN_GRACE_MS=-1 and PORT=" + port + ", a port already taken", envIn(dir).set("PORT", port).set("SHUTDOWN_GRACE_MS", "-1"));
            mustName.put("SHUTDOWN_GRACE_MS=-1 and PORT=" + port + ", a port already taken", "SHUTDOWN_GRACE_MS");

            // All at once: each is a JVM that should stop within a second.
            Map<String, ServerProcess> launched = new LinkedHashMap<>();
            cases.forEach((name, env) -> launched.put(name, servers.launch(env)));

            Soft softly = new Soft();
            launched.forEach((name, server) -> {
                OptionalInt status = server.awaitExit(Duration.ofSeconds(8));
                server.close();
                String started = "Started with " + name + ":";
                softly.check(() -> assertThat(status.isPresent() && status.getAsInt() != 0)
                        .as("%s  it exits with a non-zero status (got %s)\n%s", started,
                                status.isPresent() ? "status " + status.getAsInt() : "still running 8 s later", server.lastLinesForMessage(4))
                        .isTrue());
                softly.check(() -> assertThat(server.stdout()).as("%s  no \"Listening on\" line", started)
                        .noneMatch(line -> line.startsWith("Listening on")));
                softly.check(() -> assertThat(String.join("\n", server.stderr())).as("%s  standard error names %s (the later case proves config is checked before binding)", started, mustName.get(name))
                        .contains(mustName.get(name)));
                softly.check(() -> assertThat(server.stderr()).as("%s  no stack trace on standard error: one plain line", started)
                        .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Exception in thread")));
            });
            softly.assertAll();
        }
    }

    // ---- Step 2: bind, announce, log --------------------------------------------------------

    @Test
    @DisplayName("prints Listening on only once its socket accepts connections")
    @Hint(step = 2, value = "Print the line after HttpServer.create (which binds) and start(), before the warm-up: probes must reach the server while it warms up.")
    void announces_only_once_bound(Servers servers, @TempDir Path dir) {
        int port = Ports.free();
        ServerProcess server = servers.launch(envIn(dir).set("PORT", Integer.toString(port)).set("STARTUP_DELAY_MS", "3000"));

        Optional<String> listening = server.awaitStdoutLine(line -> line.startsWith("Listening on"), ServerProcess.READY_WITHIN);
        if (listening.isEmpty()) {
            throw Failure.started("PORT=" + port + " STARTUP_DELAY_MS=3000")
                    .expected("a line \"Listening on http://127.0.0.1:" + port + "\" within " + ServerProcess.READY_WITHIN.toSeconds() + " s")
                    .got("none").server(server).error();
        }
        if (!RawConnection.accepts(InetAddress.getLoopbackAddress(), port, Duration.ofSeconds(1))) {
            throw Failure.started("PORT=" + port + " STARTUP_DELAY_MS=3000; it printed  " + listening.get())
                    .expected("a TCP connection to 127.0.0.1:" + port + " succeeds at once, since the line says so")
                    .got("no connection within 1 s: nothing was listening yet. Bind first, announce second.")
                    .server(server).error();
        }
    }

    @Test
    @DisplayName("logs the method and URL of every request, query string included")
    @Hint(step = 2, value = "First thing in the handler: System.out.println(exchange.getRequestMethod() + \" \" + exchange.getRequestURI()).")
    void logs_every_request(Servers servers, @TempDir Path dir) {
        ServerProcess server = servers.startOwn(envIn(dir));
        awaitServing(server);
        List<String[]> requests = List.of(
                new String[] {"GET", "/work?ms=1&tag=log-check", null},
                new String[] {"POST", "/orders?source=log-check", "order-log-1 one tea"},
                new String[] {"GET", "/health/live?probe=log-check", null},
                new String[] {"GET", "/no/such/page?x=1&y=2", null});
        List<String> sent = new ArrayList<>();
        for (String[] request : requests) {
            sent.add(Http.send(server, request[0], request[1], request[2]).curl());
        }

        List<String> missing = new ArrayList<>();
        for (String[] request : requests) {
            Pattern logged = Pattern.compile("(^|\\s)" + Pattern.quote(request[0]) + "\\s+" + Pattern.quote(request[1]) + "(\\s|$)");
            if (server.awaitStdoutLine(line -> logged.matcher(line).find(), Duration.ofSeconds(2)).isEmpty()) {
                missing.add(request[0] + " " + request[1]);
            }
        }
        if (!missing.isEmpty()) {
            throw Failure.sent(sent)
                    .expected("one line per request on standard output with the method and the URL as sent, e.g. \"GET /work?ms=1&tag=log-check\"")
                    .field("Missing", String.join(", ", missing))
                    .server(server).lastLines(8).error();
        }
    }

    // ---- Step 3: warm-up, ready and live -----------------------------------------------------

    @Test
    @DisplayName("answers /health/ready 503 while it warms up and 200 after, and /health/live 200 throughout")
    @Hint(step = 3, value = "Keep a state (starting, serving, stopping). Start in starting, sleep STARTUP_DELAY_MS after printing Listening on, then switch to serving; ready answers 200 only in serving.")
    void ready_only_after_warm_up(Servers servers, @TempDir Path dir) {
        ServerProcess server = servers.startOwn(envIn(dir).set("STARTUP_DELAY_MS", "2000"));

        // The grader's own requests, with no client library to load: the first answers must come well inside the 2 s warm-up.
        int readyDuringWarmUp = status(server, "/health/ready");
        int liveDuringWarmUp = status(server, "/health/live");
        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(readyDuringWarmUp).as("status of  curl -i %s/health/ready  during the 2000 ms warm-up (STARTUP_DELAY_MS=2000)", server.baseUrl()).isEqualTo(503));
            softly.check(() -> assertThat(liveDuringWarmUp).as("status of  curl -i %s/health/live  during the warm-up: the process is alive", server.baseUrl()).isEqualTo(200));
        });

        try {
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100)).until(() -> status(server, "/health/ready") == 200);
        } catch (ConditionTimeoutException e) {
            throw Failure.sent("curl -i " + server.baseUrl() + "/health/ready  every 100 ms, started with STARTUP_DELAY_MS=2000")
                    .expected("200 once the warm-up is over")
                    .got("no 200 within 8 s").server(server).error();
        }
        assertThat(status(server, "/health/live")).as("status of  curl -i %s/health/live  once ready", server.baseUrl()).isEqualTo(200);
    }

    // ---- Step 4: orders that are never lost ---------------------------------------------------

    @Test
    @DisplayName("never acknowledges an order it could not store (DATA_FILE=/dev/full)")
    @Hint(step = 4, value = "Write the order and force it to the disk first; answer 201 only if that returned, and 500 if it threw. An order acknowledged before it is stored can be lost.")
    void never_acknowledges_an_unstored_order(Servers servers) {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full),
                "this system has no /dev/full (a file that every write fails on, as on a full disk; Linux has one), so a failing disk cannot be imitated here");
        ServerProcess server = servers.startOwn(Env.defaults().set("DATA_FILE", full.toString()));
        awaitServing(server);

        Reply reply = Http.post(server, "/orders", "order-1 for a full disk");

        assertThat(reply.status())
                .as("status of  %s  with DATA_FILE=/dev/full, where every write fails with \"No space left on device\": a 5xx, never a 2xx", reply.curl())
                .isBetween(500, 599);
    }

    @Test
    @DisplayName("keeps every acknowledged order in DATA_FILE: 500 orders from 8 clients, SIGTERM in the middle")
    @Hint(step = 4, value = "An order answered with 201 must be in DATA_FILE: write and force it before answering, finish the orders in flight when stopping, and close the file last.")
    void keeps_every_acknowledged_order(Servers servers, @TempDir Path dir) throws Exception {
        Signals.assumeSupported();
        Path data = dir.resolve("orders.txt");
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "5000"));
        awaitServing(server);

        int total = 500;
        AtomicInteger next = new AtomicInteger();
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> turnedAway = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int c = 0; c < 8; c++) {
                clients.execute(() -> {
                    for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                        String order = "order-" + n + " one coffee";
                        Outcome outcome = Http.exchange(server, Request.post("/orders", order));
                        if (outcome.status() / 100 != 2) {
                            turnedAway.add(order + " → " + outcome.describe());
                            return;
                        }
                        acknowledged.add(order);
                    }
                });
            }
            try {
                await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(5)).until(() -> acknowledged.size() >= ACKS_BEFORE_SIGTERM || !turnedAway.isEmpty());
            } catch (ConditionTimeoutException e) {
                throw Failure.sent("POST /orders from 8 clients at once, e.g.  " + Request.post("/orders", "order-1 one coffee").curl(server))
                        .expected(ACKS_BEFORE_SIGTERM + " orders acknowledged within 8 s")
                        .got(Integer.toString(acknowledged.size())).server(server).error();
            }
            assertThat(turnedAway).as("orders turned away before SIGTERM was sent").isEmpty();
            server.sendSigterm();
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).as("the 8 clients finished within 10 s of SIGTERM").isTrue();
        } finally {
            clients.shutdownNow();
        }
        Signals.awaitExit(server, Duration.ofMillis(5000).plus(EXIT_SLACK), "kill -TERM " + server.pid() + "  in the middle of 500 orders");

        Set<String> stored = new HashSet<>(Files.exists(data) ? Files.readAllLines(data, StandardCharsets.UTF_8) : List.of());
        List<String> lost = acknowledged.stream().filter(order -> !stored.contains(order)).collect(Collectors.toList());
        assertThat(lost.size())
                .as("orders acknowledged with a 2xx but missing from DATA_FILE after the server exited: %d of %d acknowledged, %d lines in DATA_FILE\n"
                        + "%s\n"
                        + "Missing, for example: %s",
                        lost.size(), acknowledged.size(), stored.size(),
                        Failure.sent("500 orders like  " + Request.post("/orders", "order-1 one coffee").curl(server) + "  from 8 clients, and SIGTERM after the first "
                                + ACKS_BEFORE_SIGTERM + " acknowledgements"),
                        lost.stream().limit(5).collect(Collectors.joining(", ")))
                .isZero();
    }

    // ---- Step 5: the signal ------------------------------------------------------------------

    @Test
    @DisplayName("stops on SIGTERM within SHUTDOWN_GRACE_MS + 2 s, with exit status 143")
    @Hint(step = 5, value = "Do the stopping in a shutdown hook and return from it: the JVM then exits with 143 (128 + 15, SIGTERM). System.exit inside a hook waits for the hooks, itself included: forever.")
    void stops_on_SIGTERM(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "3000"));
        awaitServing(server);

        server.sendSigterm();
        int status = Signals.awaitExit(server, Duration.ofMillis(3000).plus(EXIT_SLACK), "kill -TERM " + server.pid() + "  with SHUTDOWN_GRACE_MS=3000 and nothing in flight");

        assertThat(status).as("exit status after SIGTERM and a graceful stop (the JVM's own: 128 + 15)\n%s", server.lastLinesForMessage(4)).isEqualTo(143);
    }

    @Test
    @DisplayName("stops on Ctrl+C (SIGINT) as gracefully as on SIGTERM, with exit status 130")
    @Hint(step = 5, value = "A shutdown hook runs on SIGINT and on SIGTERM alike; a handler for SIGTERM alone leaves Ctrl+C cutting requests off.")
    void stops_on_SIGINT(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "5000"));
        awaitServing(server);
        try (InFlight held = inFlight(server, "/work?ms=1500&held=sigint")) {
            Signals.sendSigint(server);

            int status = statusOrFailure(held, "curl -i '" + server.baseUrl() + "/work?ms=1500&held=sigint', in flight when SIGINT (Ctrl+C) came", server);
            assertThat(status).as("status of  curl -i '%s/work?ms=1500&held=sigint'  in flight when Ctrl+C (SIGINT) came", server.baseUrl()).isEqualTo(200);
        }
        int exit = Signals.awaitExit(server, Duration.ofMillis(5000).plus(EXIT_SLACK), "kill -INT " + server.pid() + "   (what Ctrl+C sends)");
        assertThat(exit).as("exit status after SIGINT and a graceful stop (the JVM's own: 128 + 2)").isEqualTo(130);
    }

    // ---- Step 6: the graceful stop -------------------------------------------------------------

    @Test
    @DisplayName("finishes all 20 requests in flight at SIGTERM with 200")
    @Hint(step = 6, value = "In the hook, wait for the requests in flight to finish (count them) before returning; HttpServer.stop(0) or System.exit cut them off. Use an executor that runs 20 requests at once.")
    void finishes_requests_in_flight(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "8000"));
        awaitServing(server);
        int count = 20;
        List<Request> requests = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            requests.add(Request.get("/work?ms=3000&request=" + i));
        }
        try (InFlight inFlight = InFlight.send(server, requests, Duration.ofSeconds(8))) {
            // Every request is in the handler, sleeping its 3 s, before the signal goes.
            List<String> started = server.awaitStdoutLines(line -> line.contains("/work?ms=3000&request="), count, Duration.ofSeconds(5));
            assertThat(started).as("request lines logged within 5 s of sending 20 requests at once, each  GET /work?ms=3000&request=N  "
                    + "(all must be in flight together: does the server run requests on a pool of threads?)").hasSize(count);

            server.sendSigterm();

            List<String> failed = inFlight.awaitAnswers().stream().filter(a -> a.status() != 200)
                    .map(a -> "request " + a.client() + ": " + a.outcome().describe())
                    .collect(Collectors.toList());
            if (!failed.isEmpty()) {
                throw Failure.sent("20 requests at once, each  curl -i '" + server.baseUrl() + "/work?ms=3000&request=N',  then  kill -TERM " + server.pid()
                                + "  while all 20 were in flight")
                        .expected("all 20 answered 200, then the exit")
                        .got(failed.size() + " not answered 200:\n  " + String.join("\n  ", failed.subList(0, Math.min(5, failed.size())))
                                + (failed.size() > 5 ? "\n  …" : ""))
                        .server(server).error();
            }
        }
    }

    @Test
    @DisplayName("refuses new connections, or answers 503, after SIGTERM while requests in flight finish")
    @Hint(step = 6, value = "First thing in the hook: switch to stopping, so new requests get 503, and stop accepting new connections (HttpServer.stop closes the listening socket at once).")
    void turns_new_requests_away_while_stopping(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "8000"));
        awaitServing(server);
        try (InFlight held = inFlight(server, "/work?ms=4000&held=stopping")) {
            server.sendSigterm();

            List<String> seen = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                        .until(() -> turnedAway(server, seen));
            } catch (ConditionTimeoutException e) {
                throw Failure.sent("kill -TERM " + server.pid() + "  while  GET /work?ms=4000  was in flight, then new requests every 50 ms:  curl -i '"
                                + server.baseUrl() + "/work?ms=1'")
                        .expected("within 2 s, new connections refused, or answered 503")
                        .got(seen.stream().distinct().collect(Collectors.joining(", ")) + " for 2 s")
                        .server(server).error();
            }
            assertThat(server.isAlive())
                    .as("the server still runs when new requests are first turned away, while  GET /work?ms=4000  is in flight (it had exited: "
                            + "new requests were served until the end)")
                    .isTrue();
            int status = statusOrFailure(held, "curl -i '" + server.baseUrl() + "/work?ms=4000&held=stopping', in flight when SIGTERM came", server);
            assertThat(status).as("status of  curl -i '%s/work?ms=4000&held=stopping'  in flight when SIGTERM came", server.baseUrl()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("cuts off a request longer than SHUTDOWN_GRACE_MS, and still exits within grace + 2 s")
    @Hint(step = 6, value = "Wait for the requests in flight with a bound: until the count is zero or SHUTDOWN_GRACE_MS has passed, whichever comes first. Then carry on and return.")
    void cuts_off_after_the_grace(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "1500"));
        awaitServing(server);
        try (InFlight stuck = inFlight(server, "/work?ms=60000&held=stuck")) {
            server.sendSigterm();

            Signals.awaitExit(server, Duration.ofMillis(1500).plus(EXIT_SLACK),
                    "kill -TERM " + server.pid() + "  with SHUTDOWN_GRACE_MS=1500, while  GET /work?ms=60000  was in flight");

            Outcome answer = stuck.awaitAnswers().get(0).outcome();
            assertThat(answer.status()).as("status of the 60000 ms request, which was cut off when the grace ran out (it got: %s)", answer.describe())
                    .isNotEqualTo(200);
        }
    }

    @Test
    @DisplayName("logs each shutdown step, in order")
    @Hint(step = 6, value = "Print one line per step as it happens, with the words the README lists: not ready, no new connections, in flight, finished (or cut off), DATA_FILE, Stopped.")
    void logs_each_shutdown_step(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "5000"));
        awaitServing(server);
        try (InFlight held = inFlight(server, "/work?ms=1000&held=log")) {
            server.sendSigterm();
            statusOrFailure(held, "curl -i '" + server.baseUrl() + "/work?ms=1000&held=log', in flight when SIGTERM came", server);
            Signals.awaitExit(server, Duration.ofMillis(5000).plus(EXIT_SLACK), "kill -TERM " + server.pid() + "  while  GET /work?ms=1000  was in flight");
        }

        Map<String, Pattern> steps = new LinkedHashMap<>();
        steps.put("not ready", Pattern.compile("not ready", Pattern.CASE_INSENSITIVE));
        steps.put("no new connections", Pattern.compile("no new connections", Pattern.CASE_INSENSITIVE));
        steps.put("in flight", Pattern.compile("in flight", Pattern.CASE_INSENSITIVE));
        steps.put("finished, or cut off", Pattern.compile("finished|cut off|cutting off", Pattern.CASE_INSENSITIVE));
        steps.put("DATA_FILE", Pattern.compile("DATA_FILE"));
        steps.put("Stopped", Pattern.compile("Stopped"));

        List<String> lines = server.stdout();
        int from = lines.indexOf(lines.stream().filter(line -> line.contains("held=log")).findFirst().orElse("")) + 1;
        List<String> afterRequest = lines.subList(Math.max(from, 0), lines.size());
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (Map.Entry<String, Pattern> step : steps.entrySet()) {
            int found = -1;
            for (int i = at; i < afterRequest.size(); i++) {
                if (step.getValue().matcher(afterRequest.get(i)).find()) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                missing.add(step.getKey());
            } else {
                at = found + 1;
            }
        }
        if (!missing.isEmpty()) {
            throw Failure.sent("kill -TERM " + server.pid() + "  while  GET /work?ms=1000  was in flight")
                    .expected("after the request's line, one line per shutdown step, in this order, containing:  " + String.join("  →  ", steps.keySet()))
                    .field("Missing", String.join(", ", missing) + " (or out of order)")
                    .field("Got, after the request's line", afterRequest)
                    .error();
        }
    }

    // ---- Helpers ---------------------------------------------------------------------------------

    /** Every check's server keeps its orders in its own folder. */
    private static Env envIn(Path dir) {
        return Env.defaults().set("DATA_FILE", dir.resolve("orders.txt").toString());
    }

    /** Waits until /health/ready answers 200, so requests are served rather than turned away. */
    private static void awaitServing(ServerProcess server) {
        try {
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> status(server, "/health/ready") == 200);
        } catch (ConditionTimeoutException e) {
            throw Failure.sent("curl -i " + server.baseUrl() + "/health/ready  every 50 ms (STARTUP_DELAY_MS not set: no warm-up)")
                    .expected("200 within 5 s")
                    .got(Http.exchange(server, Request.get("/health/ready")).describe())
                    .server(server).error();
        }
    }

    /** One GET on a new connection; the check fails, saying what happened, if no response came. */
    private static int status(ServerProcess server, String target) {
        return Http.get(server, target).status();
    }

    /** Sends a slow request and returns once the server has logged it: it is in flight. */
    private static InFlight inFlight(ServerProcess server, String target) {
        Request request = Request.get(target);
        InFlight inFlight = InFlight.send(server, List.of(request), Duration.ofSeconds(8));
        if (server.awaitStdoutLine(line -> line.contains(target), Duration.ofSeconds(3)).isEmpty()) {
            inFlight.close();
            throw Failure.sent(request.curl(server))
                    .expected("a log line with GET " + target + " within 3 s")
                    .got("none").server(server).error();
        }
        return inFlight;
    }

    private static int statusOrFailure(InFlight held, String sent, ServerProcess server) {
        Outcome outcome = held.awaitAnswers().get(0).outcome();
        if (!outcome.answered()) {
            throw Failure.sent(sent).expected("200, then the exit").got(outcome.describe()).server(server).error();
        }
        return outcome.status();
    }

    /** A new request after SIGTERM: true if refused, reset, closed unanswered, or answered 503. */
    private static boolean turnedAway(ServerProcess server, List<String> seen) {
        Outcome outcome = Http.exchange(server, Request.get("/work?ms=1"));
        switch (outcome.kind()) {
            case ANSWERED:
                seen.add(outcome.describe());
                return outcome.status() == 503;
            case TIMED_OUT:
                seen.add(outcome.describe());
                return false;
            default:
                // Refused, reset, closed without an answer, or no HTTP at all: not served either.
                return true;
        }
    }
}
