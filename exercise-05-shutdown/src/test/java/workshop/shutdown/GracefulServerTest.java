package workshop.shutdown;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import workshop.grader.Answered;
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
import workshop.grader.Symptom;
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
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The checks of exercise 05, in the order of the README's steps. */
@Symptom(shows = "java.lang.NumberFormatException", step = 1,
        hint = "The server died of a NumberFormatException: a variable that is not a whole number. Check every value before you bind: one line on System.err naming the variable and the value, then exit with status 2.")
@Symptom(shows = "java.net.BindException", step = 2,
        hint = "The server died of a BindException: another program holds the port. Catch it around HttpServer.create: one line on System.err naming the port and the fix, then exit with status 1.")
@Symptom(shows = "java.nio.channels.ClosedChannelException", step = 6,
        hint = "An order met a DATA_FILE that was already closed: the stop closed the file before the requests in flight were done. Close it last, after waiting for every request in flight.")
@Symptom(shows = "java.util.concurrent.RejectedExecutionException", step = 6,
        hint = "A request was refused by an executor that was already shut down. During the stop, new requests get 503 from the handler; shut the executor down only after the wait for the requests in flight.")
@Checks(exercise = "exercise-05-shutdown", mainClass = "workshop.shutdown.GracefulServer")
class GracefulServerTest {

    /** Slack on top of SHUTDOWN_GRACE_MS for the JVM to run its last steps and exit. */
    private static final Duration EXIT_SLACK = Duration.ofSeconds(2);

    /** The largest SHUTDOWN_GRACE_MS the README allows: the largest int. */
    private static final String LARGEST_GRACE = Integer.toString(Integer.MAX_VALUE);

    /** The log lines of the twenty requests in flight, GET /work?ms=3000 to 3019. */
    private static final Pattern WORK_3000S = Pattern.compile("/work\\?ms=30[01][0-9]\\b");

    /** The orders check sends SIGTERM once this many orders are acknowledged, while clients keep sending. */
    private static final int ACKS_BEFORE_SIGTERM = 400;

    // ---- Step 1: config --------------------------------------------------------------------

    /** An address of the documentation range (RFC 5737), which a machine running the checks does not have. */
    private static final String NOT_THIS_MACHINE = "203.0.113.7";

    /** How long a server may take to refuse its config: a JVM start and a few lines of checking. */
    private static final Duration REFUSES_WITHIN = Duration.ofSeconds(8);

    @ParameterizedTest(name = "refuses {0}: exit status 2 and one line on standard error naming it, before it binds", quoteTextArguments = false)
    @CsvSource(delimiter = '|', value = {
            "PORT=\"abc\"                               | PORT              | abc",
            "PORT=\"65536\"                             | PORT              | 65536",
            "STARTUP_DELAY_MS=\"soon\"                  | STARTUP_DELAY_MS  | soon",
            "SHUTDOWN_GRACE_MS=\"-1\"                   | SHUTDOWN_GRACE_MS | -1",
            "SHUTDOWN_GRACE_MS=\"2147483648\"           | SHUTDOWN_GRACE_MS | 2147483648",
            "HOST=\"\"                                  | HOST              | ''",
            "HOST=\"no-such-host.invalid\"              | HOST              | no-such-host.invalid",
            "HOST=\"203.0.113.7\"                       | HOST              | 203.0.113.7",
            "DATA_FILE in a folder that does not exist | DATA_FILE         | ",
    })
    @Hint(step = 1, value = "Read and check all five variables, and open DATA_FILE for appending, before HttpServer.create: HOST must resolve to an address of this machine (NetworkInterface.getByInetAddress finds it, or it is 0.0.0.0). On a bad value print one line on System.err that names the variable and the value, then System.exit(2).")
    void refuses_bad_config(String described, String variable, String value, Servers servers, @TempDir Path dir) throws IOException {
        // The port is held, so a server that binds before it checks its config fails on the port
        // (status 1, naming the port) instead of on the variable: the order shows in what it reports.
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Env env = variable.equals("PORT") ? envIn(dir).set("PORT", value)
                    : variable.equals("DATA_FILE") ? envIn(dir).set("PORT", port).set("DATA_FILE", dir.resolve("no-such-folder").resolve("orders.txt").toString())
                    : envIn(dir).set("PORT", port).set(variable, value);
            String how = variable.equals("PORT") ? described : described + ", and PORT=" + port + ", a port another program holds";
            String why = variable.equals("PORT") ? ""
                    : NOT_THIS_MACHINE.equals(value) ? "A status of 1, or a line about the port, means HOST was not checked before the bind: "
                            + NOT_THIS_MACHINE + " is a well-formed address, but no network interface of this machine has it, so nothing can listen on it."
                    : "A status of 1, or a line about the port, means the port was bound before " + variable + " was checked.";
            refusal(servers.launch(env), how, 2, variable, why);
        }
    }

    @Test
    @DisplayName("exits with status 1 and one line on standard error naming the port when PORT is taken")
    @Hint(step = 2, value = "Catch the BindException that HttpServer.create throws for a taken port: print one line on System.err naming the port and how to fix it (stop the other program, or set PORT), then System.exit(1).")
    void refuses_a_taken_port(Servers servers, @TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            refusal(servers.launch(envIn(dir).set("PORT", port)), "PORT=" + port + ", a port another program holds", 1, port, "");
        }
    }

    /** A server that must refuse to start: its status, one line on standard error naming {@code mustName}, nothing announced. */
    private static void refusal(ServerProcess server, String how, int expectedStatus, String mustName, String why) {
        Failure started = Failure.started(how);
        int status = server.requireExit(REFUSES_WITHIN, "it exits with status " + expectedStatus);
        List<String> errors = server.stderr().stream().filter(line -> !line.isBlank()).collect(Collectors.toList());
        List<String> wrong = new ArrayList<>();
        if (status != expectedStatus) {
            wrong.add("exit status " + status + ", not " + expectedStatus);
        }
        if (errors.size() != 1) {
            wrong.add(errors.size() + " lines on standard error, not 1" + (errors.stream().anyMatch(line -> line.startsWith("\tat ")) ? " (a stack trace)" : ""));
        }
        if (errors.stream().noneMatch(line -> line.contains(mustName))) {
            wrong.add("no line on standard error names " + mustName);
        }
        if (server.stdout().stream().anyMatch(line -> line.startsWith("Listening on"))) {
            wrong.add("it printed \"Listening on\"");
        }
        if (!wrong.isEmpty()) {
            started.expected("exit status " + expectedStatus + ", one line on standard error that names " + mustName + ", no \"Listening on\"")
                    .got(String.join("; ", wrong));
            if (!why.isEmpty()) {
                started.field("Why", why);
            }
            throw started.field("Standard error", errors.isEmpty() ? List.of("(nothing)") : errors.subList(0, Math.min(6, errors.size()))).error();
        }
    }

    @Test
    @DisplayName("listens on 127.0.0.1 only when HOST is not set: the machine's other addresses don't reach it")
    @Hint(step = 2, value = "Bind to new InetSocketAddress(config.host(), config.port()), with HOST read in step 1 (default 127.0.0.1). new InetSocketAddress(port) listens on every address of the machine.")
    void listens_on_127_0_0_1_by_default(ServerProcess server) {
        InetAddress second = secondLoopback();
        Assumptions.assumeTrue(second != null, "this machine has no second loopback address (127.0.0.2), so there is no other address to try");

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.host()).as("the host in its Listening on line, started without HOST").isEqualTo("127.0.0.1"));
            softly.check(() -> assertThat(RawConnection.accepts(second, server.port(), Duration.ofSeconds(1)))
                    .as("whether 127.0.0.2:%d, another address of this machine, accepted a connection: a server bound to 127.0.0.1 accepts on 127.0.0.1 only",
                            server.port()).isFalse());
        });
    }

    /** 127.0.0.2, where this machine has it (Linux routes all of 127.0.0.0/8 to itself); null elsewhere. */
    private static InetAddress secondLoopback() {
        try (ServerSocket probe = new ServerSocket()) {
            InetAddress second = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
            probe.bind(new java.net.InetSocketAddress(second, 0), 1);
            return second;
        } catch (IOException e) {
            return null;
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
        // Not waiting for /health/ready: a request is logged when it arrives, whatever it is answered (step 3).
        ServerProcess server = servers.startOwn(envIn(dir));
        List<String[]> requests = List.of(
                new String[] {"GET", "/work?ms=1&tag=log-check", null},
                new String[] {"POST", "/orders?source=log-check", "order-log-1 one tea"},
                new String[] {"GET", "/health/live?probe=log-check", null},
                // Percent-encoded, to be logged as sent: a decoded query is another URL.
                new String[] {"GET", "/no/such/page?note=a%20b&share=50%25", null});
        List<String> sent = new ArrayList<>();
        for (String[] request : requests) {
            // Only the log is graded here: what each request is answered is other checks' business.
            Request sending = request[2] == null ? Request.get(request[1]) : Request.post(request[1], request[2]);
            Http.exchange(server, sending);
            sent.add(sending.curl(server));
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

    @Test
    @DisplayName("answers every request but the two probes with 503 while it warms up, POST /orders included")
    @Hint(step = 3, value = "Check the state first in the handler: outside serving, every path but /health/live and /health/ready answers 503, before it does any work or stores anything.")
    void turns_requests_away_while_warming_up(Servers servers, @TempDir Path dir) throws IOException {
        Path data = dir.resolve("orders.txt");
        ServerProcess server = servers.startOwn(envIn(dir).set("STARTUP_DELAY_MS", "10000"));

        List<Request> requests = List.of(Request.get("/work?ms=1"), Request.post("/orders", "order-warm-up-1 one tea"), Request.get("/no/such/page"));
        List<String> served = new ArrayList<>();
        for (Request request : requests) {
            Outcome outcome = Http.exchange(server, request);
            if (!outcome.answered() || outcome.status() != 503) {
                served.add(request.curl(server) + "  →  " + outcome.describe());
            }
        }
        List<String> stored = Files.exists(data) ? Files.readAllLines(data, StandardCharsets.UTF_8) : List.of();
        if (stored.contains("order-warm-up-1 one tea")) {
            served.add("the order is a line of DATA_FILE: it was stored");
        }
        if (!served.isEmpty()) {
            throw Failure.sent("during the 10000 ms warm-up (STARTUP_DELAY_MS=10000), right after Listening on", requests.stream().map(r -> r.curl(server)).collect(Collectors.toList()))
                    .expected("503 for each, and the order not stored: nothing but the two probes is served before the warm-up is over")
                    .field("Got", served)
                    .server(server).error();
        }
    }

    @Test
    @DisplayName("answers GET /work?ms=N with 200 after N ms, ignoring query parameters it does not know")
    @Hint(step = 3, value = "Find ms among the query's name=value pairs (split on &, then on =) and ignore the others; sleep that many milliseconds, then answer 200.")
    void works_for_the_time_asked(ServerProcess server) {
        awaitServing(server);
        // ms between two parameters /work does not know: a parser that reads only the first or only the last misses it.
        Request request = Request.get("/work?tag=extra&ms=300&from=check");
        long from = System.nanoTime();
        Outcome outcome = Http.exchange(server, request);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
        if (!outcome.answered() || outcome.status() != 200 || tookMs < 300) {
            throw Failure.sent(request.curl(server))
                    .expected("200 after 300 ms or a little more; tag=extra and from=check are parameters /work does not know, so they are ignored")
                    .got(outcome.describe() + (outcome.answered() ? ", after " + tookMs + " ms" : ""))
                    .server(server).error();
        }
    }

    @Test
    @DisplayName("answers GET /work with 400 when ms is missing or not a whole number of 0 or more: /work, ms=abc, ms=-5")
    @Hint(step = 3, value = "ms must be there and be a whole number, 0 or more: when it is missing, or not (Long.parseLong throws on abc; -5 parses, so check the sign too), answer 400 at once instead of sleeping.")
    void refuses_work_without_a_whole_number_ms(ServerProcess server) {
        awaitServing(server);
        List<String> sent = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String target : List.of("/work", "/work?tag=extra&ms=abc", "/work?ms=-5")) {
            Request request = Request.get(target);
            Outcome outcome = Http.exchange(server, request);
            sent.add(request.curl(server));
            if (!outcome.answered() || outcome.status() != 400) {
                wrong.add("GET " + target + ": " + outcome.describe());
            }
        }
        if (!wrong.isEmpty()) {
            throw Failure.sent(sent)
                    .expected("400 for each: without a whole number of milliseconds, 0 or more, there is no work to do")
                    .got(String.join("\n", wrong))
                    .server(server).error();
        }
    }

    // ---- Step 4: orders that are never lost ---------------------------------------------------

    @Test
    @DisplayName("acknowledges an order once it is stored, and never one it could not store (a DATA_FILE that cannot grow past 512 bytes, as on a full disk)")
    @Hint(step = 4, value = "Write the order and force it to the disk first; answer 201 only if both returned, and 500 if either threw. A PrintStream or PrintWriter never throws: it hides a failed write (only checkError() tells).")
    void never_acknowledges_an_unstored_order(Servers servers, @TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Env.canLimitFiles(),
                "a file size limit (ulimit -f) needs a POSIX shell, which this system lacks, so a full disk cannot be imitated here");
        ServerProcess server = servers.startOwn(envIn(dir).filesLimitedTo(1));
        awaitServing(server);
        String limit = "(the server runs under  ulimit -f 1: no file it writes grows past 512 bytes, as on a disk with 512 bytes free)";

        String small = "order-1 fits on the disk";
        Reply fits = Http.post(server, "/orders", small);
        Path data = dir.resolve("orders.txt");
        List<String> stored = Files.exists(data) ? Files.readAllLines(data, StandardCharsets.UTF_8) : List.of();
        if (fits.status() != 201 || !stored.contains(small)) {
            throw Failure.sent(fits.curl() + "  " + limit)
                    .expected("201, and the line \"" + small + "\" in DATA_FILE: " + small.length() + " bytes fit")
                    .got(fits.status() + ", and DATA_FILE holds " + stored)
                    .server(server).error();
        }

        String large = "order-2 " + "x".repeat(2000);
        Reply full = Http.post(server, "/orders", large);
        if (full.status() / 100 != 5) {
            throw Failure.sent("POST " + server.baseUrl() + "/orders  with the order \"order-2 xxx…\", " + large.length() + " bytes, more than the disk has left  " + limit)
                    .expected("a 5xx: the order could not be stored, so it is not acknowledged")
                    .got(Integer.toString(full.status()))
                    .server(server).error();
        }
    }

    @Test
    @DisplayName("answers an order that is empty or of several lines with 400, and stores neither")
    @Hint(step = 4, value = "An order is one line of text: check the body before you store it. Empty, or with a line break inside, is a 400, and nothing is written to DATA_FILE.")
    void refuses_an_order_that_is_not_one_line(Servers servers, @TempDir Path dir) throws IOException {
        ServerProcess server = servers.startOwn(envIn(dir));
        awaitServing(server);
        String good = "order-c one cake";
        // Each order, what it is called in the message, and the status it must get.
        Map<String, String> orders = new LinkedHashMap<>();
        orders.put("", "the empty order");
        orders.put("order-a one coffee\norder-b two teas", "the order of two lines");
        orders.put(good, "the good order");
        List<String> sent = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        orders.forEach((order, called) -> {
            Reply reply = Http.post(server, "/orders", order);
            sent.add(reply.curl() + "   (" + called + ")");
            int expected = order.equals(good) ? 201 : 400;
            if (reply.status() != expected) {
                wrong.add(called + ": " + reply.status() + " " + reply.body().strip() + ", not " + expected);
            }
        });
        Path data = dir.resolve("orders.txt");
        List<String> stored = Files.exists(data) ? Files.readAllLines(data, StandardCharsets.UTF_8) : List.of();
        if (!stored.equals(List.of(good))) {
            wrong.add("DATA_FILE holds " + stored.stream().map(line -> "\"" + line + "\"").collect(Collectors.toList()) + ", not only \"" + good + "\"");
        }
        if (!wrong.isEmpty()) {
            throw Failure.sent(sent)
                    .expected("400 for the empty order and for the order of two lines, neither stored; 201 for \"" + good + "\", the one line in DATA_FILE")
                    .got(String.join("\n", wrong))
                    .server(server).error();
        }
    }

    @Test
    @DisplayName("keeps every acknowledged order in DATA_FILE: 1000 orders from 16 clients, SIGTERM in the middle")
    @Hint(step = 4, value = "An order answered with 201 must be in DATA_FILE: write and force it before answering, finish the orders in flight when stopping, and close the file last.")
    void keeps_every_acknowledged_order(Servers servers, @TempDir Path dir) throws Exception {
        Signals.assumeSupported();
        Path data = dir.resolve("orders.txt");
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "5000"));
        awaitServing(server);

        int total = 1000;
        AtomicInteger next = new AtomicInteger();
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> turnedAway = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            for (int c = 0; c < 16; c++) {
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
                throw Failure.sent("POST /orders from 16 clients at once, e.g.  " + Request.post("/orders", "order-1 one coffee").curl(server))
                        .expected(ACKS_BEFORE_SIGTERM + " orders acknowledged within 8 s")
                        .got(Integer.toString(acknowledged.size())).server(server).error();
            }
            assertThat(turnedAway).as("orders turned away before SIGTERM was sent").isEmpty();
            server.sendSigterm();
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).as("the 16 clients finished within 10 s of SIGTERM").isTrue();
        } finally {
            clients.shutdownNow();
        }
        Signals.awaitExit(server, Duration.ofMillis(5000).plus(EXIT_SLACK), "kill -TERM " + server.pid() + "  in the middle of 1000 orders");

        Set<String> stored = new HashSet<>(Files.exists(data) ? Files.readAllLines(data, StandardCharsets.UTF_8) : List.of());
        List<String> lost = acknowledged.stream().filter(order -> !stored.contains(order)).collect(Collectors.toList());
        assertThat(lost.size())
                .as("orders acknowledged with a 2xx but missing from DATA_FILE after the server exited: %d of %d acknowledged, %d lines in DATA_FILE\n"
                        + "%s\n"
                        + "Missing, for example: %s",
                        lost.size(), acknowledged.size(), stored.size(),
                        Failure.sent("1000 orders like  " + Request.post("/orders", "order-1 one coffee").curl(server) + "  from 16 clients, and SIGTERM after the first "
                                + ACKS_BEFORE_SIGTERM + " acknowledgements"),
                        lost.stream().limit(5).collect(Collectors.joining(", ")))
                .isZero();
    }

    @Test
    @DisplayName("keeps what DATA_FILE already holds when it starts, and appends new orders after it")
    @Hint(step = 4, value = "Open DATA_FILE for appending (StandardOpenOption.APPEND, with CREATE): without APPEND, writes start at the beginning of the file and overwrite the orders of an earlier run.")
    void keeps_orders_across_a_restart(Servers servers, @TempDir Path dir) throws IOException {
        Path data = dir.resolve("orders.txt");
        // What an earlier run left: its orders, one line each.
        List<String> earlier = List.of("order-earlier-1 a long order from the run before, so that an overwrite cannot hide", "order-earlier-2 two teas");
        Files.write(data, earlier, StandardCharsets.UTF_8);
        ServerProcess server = servers.startOwn(envIn(dir));
        awaitServing(server);

        List<String> later = List.of("order-later-1 one coffee", "order-later-2 one cake");
        List<String> sent = new ArrayList<>();
        for (String order : later) {
            Reply reply = Http.post(server, "/orders", order);
            sent.add(reply.curl());
            if (reply.status() != 201) {
                throw Failure.sent(sent).expected("201").got(reply.status() + " " + reply.body().strip()).server(server).error();
            }
        }
        List<String> expected = new ArrayList<>(earlier);
        expected.addAll(later);
        List<String> stored = Files.readAllLines(data, StandardCharsets.UTF_8);
        if (!stored.equals(expected)) {
            throw Failure.started("with DATA_FILE holding the 2 orders of an earlier run").field("Sent", sent)
                    .field("Expected, in DATA_FILE", expected)
                    .field("Got", stored)
                    .server(server).error();
        }
    }

    // ---- Step 5: the signal ------------------------------------------------------------------

    @Test
    @DisplayName("on SIGTERM, finishes the request in flight, then exits at once with status 143, not after the whole SHUTDOWN_GRACE_MS")
    @Hint(step = 5, alsoNeeds = 6, value = "Do the whole stop in a shutdown hook (SIGTERM runs it): wait for the requests in flight until none is left (at once when none is) or SHUTDOWN_GRACE_MS has passed, whichever comes first, then return; the JVM exits with 143. Count requests, not connections: an open connection with no request on it is not in flight. Never System.exit in the hook. HttpServer.stop's delay must stay under 2147484 s: JDK 17 turns it into int milliseconds.")
    void stops_on_SIGTERM(Servers servers, @TempDir Path dir) throws IOException {
        Signals.assumeSupported();
        // Two stops side by side, each with two connections open and no request on them (one never
        // used, one after a first answer): one with a request in flight, one with none at all. The
        // first has the largest grace the contract allows: a bound on the wait, however long, cuts
        // nothing off early.
        ServerProcess busy = servers.startOwn(envIn(Files.createDirectories(dir.resolve("busy"))).set("SHUTDOWN_GRACE_MS", LARGEST_GRACE));
        ServerProcess idle = servers.startOwn(envIn(Files.createDirectories(dir.resolve("idle"))).set("SHUTDOWN_GRACE_MS", "10000"));
        awaitServing(busy);
        awaitServing(idle);
        String idleConnections = " and two connections open with no request on them (one never used, one after a first answer)";
        String busySent = "kill -TERM " + busy.pid() + "  with SHUTDOWN_GRACE_MS=" + LARGEST_GRACE + " (the largest allowed), while  GET /work?ms=1000  was in flight," + idleConnections;
        String idleSent = "kill -TERM " + idle.pid() + "  with SHUTDOWN_GRACE_MS=10000, no request in flight," + idleConnections;
        int busyStatus;
        int idleStatus;
        // Open connections with no request on them are no work in flight: they must not hold the stop.
        try (RawConnection busyNew = RawConnection.open(busy, Duration.ofSeconds(10));
             RawConnection busyUsed = usedOnce(busy);
             RawConnection idleNew = RawConnection.open(idle, Duration.ofSeconds(10));
             RawConnection idleUsed = usedOnce(idle);
             InFlight held = inFlight(busy, "/work?ms=1000")) {
            busy.sendSigterm();
            idle.sendSigterm();

            // The grace is a bound on the wait, not a wait: with nothing in flight the exit is due at
            // once, in far less than the 10 s of grace, the idle connections still open.
            idleStatus = Signals.awaitExit(idle, EXIT_SLACK.multipliedBy(2), idleSent + ": with nothing in flight the exit is due at once,"
                    + " though the connections from ports " + idleNew.localPort() + " and " + idleUsed.localPort() + " are still open");
            Outcome answer = held.awaitAnswers().get(0).outcome();
            if (!answer.answered() || answer.status() != 200) {
                throw Failure.sent(busySent).expected("200 for the request in flight, then the exit").got(answer.describe()).server(busy).error();
            }
            // Once the request is answered, the exit is due too, however much of the grace is left.
            busyStatus = Signals.awaitExit(busy, EXIT_SLACK.multipliedBy(2), busySent + ": the exit is due as soon as it is answered,"
                    + " though the connections from ports " + busyNew.localPort() + " and " + busyUsed.localPort() + " are still open");
        }
        if (busyStatus != 143) {
            throw Failure.sent(busySent).expected("exit status 143, the JVM's own after SIGTERM (128 + 15): the hook returned")
                    .got("exit status " + busyStatus).server(busy).error();
        }
        if (idleStatus != 143) {
            throw Failure.sent(idleSent).expected("exit status 143, the JVM's own after SIGTERM (128 + 15): the hook returned")
                    .got("exit status " + idleStatus).server(idle).error();
        }
    }

    /** A connection kept open after one answer on it: open, but with no request in flight. */
    private static RawConnection usedOnce(ServerProcess server) {
        RawConnection used = RawConnection.open(server, Duration.ofSeconds(10));
        used.exchange(Request.get("/health/live?probe=kept-open").bytes(server.baseUrl().getAuthority()), false);
        return used;
    }

    @Test
    @DisplayName("stops on Ctrl+C (SIGINT) as gracefully as on SIGTERM, with exit status 130")
    @Hint(step = 5, alsoNeeds = 6, value = "A shutdown hook runs on SIGINT and on SIGTERM alike; a handler for SIGTERM alone leaves Ctrl+C cutting requests off.")
    void stops_on_SIGINT(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "5000"));
        awaitServing(server);
        try (InFlight held = inFlight(server, "/work?ms=1500")) {
            Signals.sendSigint(server);

            int status = statusOrFailure(held, "curl -i '" + server.baseUrl() + "/work?ms=1500', in flight when SIGINT (Ctrl+C) came", server);
            assertThat(status).as("status of  curl -i '%s/work?ms=1500'  in flight when Ctrl+C (SIGINT) came", server.baseUrl()).isEqualTo(200);
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
            // Lengths 1 ms apart give each request a log line of its own, with no parameter /work does not know.
            requests.add(Request.get("/work?ms=" + (2999 + i)));
        }
        try (InFlight inFlight = InFlight.send(server, requests, Duration.ofSeconds(8))) {
            // Every request is in the handler, sleeping its 3 s, before the signal goes. Within 2.5 s,
            // before any of them can end: a pool of fewer than 20 threads logs the rest only after 3 s,
            // and at SIGTERM they would still be waiting in its queue.
            List<String> started = server.awaitStdoutLines(line -> WORK_3000S.matcher(line).find(), count, Duration.ofMillis(2500));
            assertThat(started).as("request lines logged within 2.5 s of sending 20 requests of 3 s at once, one of  GET /work?ms=3000  to  GET /work?ms=3019  "
                    + "(all must be in flight together, not waiting in a queue: does the server run requests on a pool of fewer than 20 threads?)").hasSize(count);

            server.sendSigterm();

            List<String> failed = inFlight.awaitAnswers().stream().filter(a -> a.status() != 200)
                    .map(a -> "request " + a.client() + ": " + a.outcome().describe())
                    .collect(Collectors.toList());
            if (!failed.isEmpty()) {
                throw Failure.sent("20 requests at once, curl -i '" + server.baseUrl() + "/work?ms=3000'  to  '/work?ms=3019',  then  kill -TERM " + server.pid()
                                + "  while all 20 were in flight")
                        .expected("all 20 answered 200, then the exit")
                        .got(failed.size() + " not answered 200:\n  " + String.join("\n  ", failed.subList(0, Math.min(5, failed.size())))
                                + (failed.size() > 5 ? "\n  …" : ""))
                        .server(server).error();
            }
        }
    }

    @Test
    @DisplayName("refuses new connections, or answers 503, to every new request after SIGTERM (the ready probe and POST /orders included), while requests in flight finish")
    @Hint(step = 6, value = "First thing in the hook: switch to stopping, so /health/ready and every new request but /health/live get 503, and stop accepting new connections (HttpServer.stop closes the listening socket at once).")
    void turns_new_requests_away_while_stopping(Servers servers, @TempDir Path dir) {
        Signals.assumeSupported();
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "8000"));
        awaitServing(server);
        String sent = "kill -TERM " + server.pid() + "  while  GET /work?ms=4000  was in flight, then new requests";
        // Clients that already have a connection open, kept alive after one answer: their next request is new work too.
        // One each for an order, the ready probe and work, so that a server that closes after a 503 is asked all three.
        List<Request> onKept = List.of(Request.post("/orders", "order-after-sigterm-kept one tea"), Request.get("/health/ready"), Request.get("/work?ms=1"));
        List<RawConnection> kept = new ArrayList<>();
        try (InFlight held = inFlight(server, "/work?ms=4000")) {
            List<Boolean> stillOpen = new ArrayList<>();
            for (int i = 0; i < onKept.size(); i++) {
                RawConnection connection = RawConnection.open(server, Duration.ofSeconds(10));
                kept.add(connection);
                Outcome first = connection.exchange(Request.get("/health/live").bytes(server.baseUrl().getAuthority()), false);
                stillOpen.add(first.answered() && !first.response().endsConnection());
            }
            server.sendSigterm();

            List<String> seen = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                        .until(() -> turnedAway(server, Request.get("/work?ms=1"), seen));
            } catch (ConditionTimeoutException e) {
                throw Failure.sent(sent + " every 50 ms:  curl -i '" + server.baseUrl() + "/work?ms=1'")
                        .expected("within 2 s, new connections refused, or answered 503")
                        .got(seen.stream().distinct().collect(Collectors.joining(", ")) + " for 2 s")
                        .server(server).error();
            }
            // The stop has begun: from now on nothing new may be served, whatever the path.
            List<Request> after = List.of(Request.get("/health/ready"), Request.post("/orders", "order-after-sigterm one tea"), Request.get("/work?ms=1"));
            List<String> served = new ArrayList<>();
            for (Request request : after) {
                List<String> got = new ArrayList<>();
                if (!turnedAway(server, request, got)) {
                    served.add(request.curl(server) + "  →  " + String.join("", got));
                }
            }
            for (int i = 0; i < onKept.size(); i++) {
                if (!stillOpen.get(i)) {
                    continue;
                }
                Outcome outcome = kept.get(i).exchange(onKept.get(i).bytes(server.baseUrl().getAuthority()), false);
                // Closed instead of answered: turned away too.
                if (outcome.answered() && outcome.status() != 503) {
                    served.add(onKept.get(i).describe() + " on a connection opened before SIGTERM and kept alive  →  " + outcome.status() + " " + outcome.body().strip());
                }
            }
            if (!served.isEmpty()) {
                throw Failure.sent(sent + ", once a first one was turned away", after.stream().map(r -> r.curl(server)).collect(Collectors.toList()))
                        .expected("each refused, or answered 503: a stopping server is not ready and takes no new work")
                        .field("Got", served)
                        .server(server).error();
            }
            if (!server.isAlive()) {
                throw Failure.sent(sent).expected("the server still runs while  GET /work?ms=4000  is in flight")
                        .got("it had exited before the request in flight was answered").server(server).error();
            }
            int status = statusOrFailure(held, "curl -i '" + server.baseUrl() + "/work?ms=4000', in flight when SIGTERM came", server);
            if (status != 200) {
                throw Failure.sent(sent).expected("200 for  GET /work?ms=4000, in flight when SIGTERM came").got(Integer.toString(status)).server(server).error();
            }
        } finally {
            kept.forEach(RawConnection::close);
        }
    }

    @Test
    @DisplayName("answers an order in flight at SIGTERM: 201 and stored, or 503 and not stored")
    @Hint(step = 6, value = "An order the server has started on must finish before DATA_FILE is closed: in the hook, wait for the requests in flight first, and close DATA_FILE only after them.")
    void answers_an_order_in_flight(Servers servers, @TempDir Path dir) throws IOException {
        Signals.assumeSupported();
        Path data = dir.resolve("orders.txt");
        ServerProcess server = servers.startOwn(envIn(dir).set("SHUTDOWN_GRACE_MS", "8000"));
        awaitServing(server);
        String order = "order-in-flight-1 one coffee";
        String curl = Request.post("/orders?held=order", order).curl(server);
        String sent = curl + "  with its body's last bytes held back, then  kill -TERM " + server.pid() + ", then the rest of the body";
        String head = "POST /orders?held=order HTTP/1.1\r\nHost: " + server.baseUrl().getAuthority() + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + order.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        Outcome outcome;
        try (RawConnection connection = RawConnection.open(server, Duration.ofSeconds(10))) {
            connection.send(head + order.substring(0, 10));
            // The server has the request and waits for the rest of its body: the order is in flight.
            if (server.awaitStdoutLine(line -> line.contains("/orders?held=order"), Duration.ofSeconds(3)).isEmpty()) {
                throw Failure.sent(curl + "  with its body's last bytes held back").expected("a log line with POST /orders?held=order within 3 s, as soon as the request arrives")
                        .got("none").server(server).error();
            }
            server.sendSigterm();
            // The rest of the body goes only once the stop has begun: a new request is turned away.
            List<String> seen = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                        .until(() -> turnedAway(server, Request.get("/work?ms=1"), seen));
            } catch (ConditionTimeoutException e) {
                throw Failure.sent("kill -TERM " + server.pid() + ", then new requests every 50 ms:  curl -i '" + server.baseUrl() + "/work?ms=1'")
                        .expected("within 2 s, new connections refused, or answered 503").got(seen.stream().distinct().collect(Collectors.joining(", ")) + " for 2 s")
                        .server(server).error();
            }
            // A client slow to send the rest: a server that did not count the order as in flight has exited by now.
            if (server.awaitExit(Duration.ofMillis(500)).isPresent()) {
                throw Failure.sent(curl + "  with its body's last bytes held back, then  kill -TERM " + server.pid())
                        .expected("the server waits for the order in flight (its body still arriving), up to SHUTDOWN_GRACE_MS=8000")
                        .got("it exited within 0.5 s of the signal, the order unanswered").server(server).error();
            }
            connection.send(order.substring(10));
            outcome = connection.receive();
        }
        Signals.awaitExit(server, Duration.ofMillis(8000).plus(EXIT_SLACK), sent);
        boolean stored = Files.exists(data) && Files.readAllLines(data, StandardCharsets.UTF_8).contains(order);
        boolean rightly = outcome.answered() && (outcome.status() == 201 && stored || outcome.status() == 503 && !stored);
        if (!rightly) {
            throw Failure.sent(sent)
                    .expected("201 and the order a line of DATA_FILE (it was taken before the stop), or 503 and no such line (it was turned away)")
                    .got(outcome.describe() + "; the order is " + (stored ? "" : "not ") + "in DATA_FILE")
                    .server(server).error();
        }
    }

    @Test
    @DisplayName("cuts off a request longer than SHUTDOWN_GRACE_MS when the grace is over, to the millisecond: a stop with 1980 ms lasts 960 ms longer than one with 1020 ms")
    @Hint(step = 6, value = "Wait for the requests in flight with a bound in milliseconds: until none is left or SHUTDOWN_GRACE_MS has passed (a deadline from System.nanoTime, or a timed wait in MILLISECONDS), never a number of whole seconds, and never by looking once a second. Then carry on and return.")
    void cuts_off_after_the_grace(Servers servers, @TempDir Path dir) throws IOException {
        final int SHORTER_GRACE_MS = 1020;
        final int LONGER_GRACE_MS = 1980;
        final int ENDS_FIRST_MS = 1000;
        final int ENDS_INSIDE_MS = 1600;
        // Exiting takes a moment after the grace: on JDK 17 about 0.3 s more while a thread still waits
        // in a system call (the HttpServer's own, if it is not stopped), 0.75 s seen on a busy machine.
        // A wait that starts over when a request ends exits 1.5 s late or more here.
        final int EXITS_WITHIN_AFTER_GRACE_MS = 1200;
        Signals.assumeSupported();
        // Two servers stopped side by side: what a busy machine adds to a stop, it adds to both, and
        // the difference is the difference of the graces. Both graces lie in the same whole second,
        // as far apart as that allows: whole seconds, rounded down or up, and a drain that looks once
        // a second, all make it 0 s (1 s and 1 s, or 2 s and 2 s), never 960 ms. The line between
        // is drawn halfway, 480 ms from either.
        Path shortDir = Files.createDirectories(dir.resolve("short"));
        Path longDir = Files.createDirectories(dir.resolve("long"));
        ServerProcess shorter = servers.launch(envIn(shortDir).set("SHUTDOWN_GRACE_MS", String.valueOf(SHORTER_GRACE_MS)));
        ServerProcess longer = servers.launch(envIn(longDir).set("SHUTDOWN_GRACE_MS", String.valueOf(LONGER_GRACE_MS)));
        shorter.awaitReady();
        longer.awaitReady();
        awaitServing(shorter);
        awaitServing(longer);
        // And two that end inside the longer grace, the second after its whole second: each gets its 200, and
        // their ends (wake-ups of the wait) do not start the grace over.
        try (InFlight stuckShort = inFlight(shorter, "/work?ms=60000"); InFlight stuckLong = inFlight(longer, "/work?ms=60000");
             InFlight endsFirst = inFlight(longer, "/work?ms=" + ENDS_FIRST_MS); InFlight endsInside = inFlight(longer, "/work?ms=" + ENDS_INSIDE_MS)) {
            Stop first = Stop.begin(shorter, SHORTER_GRACE_MS);
            Stop second = Stop.begin(longer, LONGER_GRACE_MS);
            Stop.awaitStopping(first, second);
            Stop.awaitExits(first, second);

            String sent = first.sent() + "\n" + second.sent() + "\nwhile each had  GET /work?ms=60000  in flight, and the second  GET /work?ms=" + ENDS_FIRST_MS + "  and  GET /work?ms=" + ENDS_INSIDE_MS + "  too";
            List<String> wrong = new ArrayList<>();
            for (Stop stop : List.of(first, second)) {
                if (stop.afterSignalMs() < stop.graceMs) {
                    wrong.add("with SHUTDOWN_GRACE_MS=" + stop.graceMs + " it exited " + stop.afterSignalMs() + " ms after the signal: before the grace was over");
                } else if (stop.afterStoppingMs() > stop.graceMs + EXITS_WITHIN_AFTER_GRACE_MS) {
                    wrong.add("with SHUTDOWN_GRACE_MS=" + stop.graceMs + " it exited " + stop.afterStoppingMs() + " ms after it began to stop: more than "
                            + EXITS_WITHIN_AFTER_GRACE_MS + " ms after the grace was over (a wait that starts over when a request ends?)");
                }
            }
            for (InFlight ends : List.of(endsFirst, endsInside)) {
                Answered answer = ends.awaitAnswers().get(0);
                if (!answer.answered() || answer.status() != 200) {
                    wrong.add("GET " + answer.request().target() + ", which ends inside the grace of " + LONGER_GRACE_MS + " ms, got "
                            + answer.outcome().describe() + " (the server's own stop cut it off after a whole second?)");
                }
            }
            long difference = second.afterStoppingMs() - first.afterStoppingMs();
            if (difference < (LONGER_GRACE_MS - SHORTER_GRACE_MS) / 2) {
                wrong.add("the stop with 1980 ms lasted " + second.afterStoppingMs() + " ms, the one with 1020 ms " + first.afterStoppingMs()
                        + " ms (each from when new requests were first turned away): " + difference + " ms apart, not about 960,"
                        + " as if both were rounded to the same whole second");
            }
            if (!wrong.isEmpty()) {
                throw Failure.sent(sent)
                        .expected("the 60000 ms requests cut off when their grace was over and the exit within a second after it, the stop with 1980 ms about 960 ms longer than the one with 1020 ms;"
                                + " GET /work?ms=" + ENDS_FIRST_MS + " and GET /work?ms=" + ENDS_INSIDE_MS + " answered 200")
                        .field("Got", wrong)
                        .error();
            }
            for (InFlight stuck : List.of(stuckShort, stuckLong)) {
                Outcome answer = stuck.awaitAnswers().get(0).outcome();
                if (answer.answered() && answer.status() == 200) {
                    throw Failure.sent(sent).expected("the 60000 ms requests cut off when the grace ran out, with no 200")
                            .got(answer.describe()).error();
                }
            }
        }
    }

    /** One server's stop, timed: from the signal, and from when it first turned a new request away. */
    private static final class Stop {
        final ServerProcess server;
        final int graceMs;
        final long signalled;
        long stopping;
        long exited;

        private Stop(ServerProcess server, int graceMs) {
            this.server = server;
            this.graceMs = graceMs;
            this.signalled = System.nanoTime();
            server.sendSigterm();
        }

        static Stop begin(ServerProcess server, int graceMs) {
            return new Stop(server, graceMs);
        }

        String sent() {
            return "kill -TERM " + server.pid() + "  with SHUTDOWN_GRACE_MS=" + graceMs;
        }

        /**
         * The grace starts when a server begins to stop, which a busy machine can delay after the
         * signal. Both servers are watched at once, each on its own thread: watched one after the
         * other, the second would be timed late by as long as the first took, and its stop would
         * look shorter than it was.
         */
        static void awaitStopping(Stop first, Stop second) {
            ExecutorService watchers = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> watched = List.of(watchers.submit(first::watchUntilStopping), watchers.submit(second::watchUntilStopping));
                for (Future<?> watch : watched) {
                    try {
                        watch.get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        // A failure of the check, thrown on the watcher's thread, is the check's failure.
                        if (e.getCause() instanceof Error error) {
                            throw error;
                        }
                        if (e.getCause() instanceof RuntimeException runtime) {
                            throw runtime;
                        }
                        throw new IllegalStateException(e.getCause());
                    } catch (InterruptedException | TimeoutException e) {
                        throw new IllegalStateException("watching two servers stop took more than 10 s", e);
                    }
                }
            } finally {
                watchers.shutdownNow();
            }
        }

        private void watchUntilStopping() {
            List<String> seen = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                    // Timed from before the request that found it stopping: a slow answer adds nothing.
                    long asked = System.nanoTime();
                    if (turnedAway(server, Request.get("/health/ready"), seen)) {
                        stopping = asked;
                        return true;
                    }
                    return false;
                });
            } catch (ConditionTimeoutException e) {
                throw Failure.sent(sent() + ", then new requests every 10 ms:  curl -i " + server.baseUrl() + "/health/ready")
                        .expected("within 2 s, new connections refused, or answered 503").got(seen.stream().distinct().collect(Collectors.joining(", ")) + " for 2 s")
                        .server(server).error();
            }
        }

        /** Waits for both exits in one loop, so that each is timed as it happens. */
        static void awaitExits(Stop first, Stop second) {
            try {
                await().atMost(Duration.ofMillis(second.graceMs).plus(EXIT_SLACK)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                        .until(() -> first.exitedNow() & second.exitedNow());
            } catch (ConditionTimeoutException e) {
                // Still running: the grader's failure says why, from a thread dump.
                for (Stop stop : List.of(first, second)) {
                    Signals.awaitExit(stop.server, Duration.ofMillis(10), stop.sent() + ", while  GET /work?ms=60000  was in flight");
                    // It exited after all, just as the wait ran out: timed from here, late rather than never.
                    stop.exitedNow();
                }
            }
        }

        private boolean exitedNow() {
            if (exited == 0 && !server.isAlive()) {
                exited = System.nanoTime();
            }
            return exited != 0;
        }

        long afterSignalMs() {
            return TimeUnit.NANOSECONDS.toMillis(exited - signalled);
        }

        long afterStoppingMs() {
            return TimeUnit.NANOSECONDS.toMillis(exited - stopping);
        }
    }

    @Test
    @DisplayName("logs each shutdown step, in order")
    @Hint(step = 6, value = "Print one line per step as it happens, with the words the README lists: not ready, no new connections, in flight, finished (or cut off), DATA_FILE, Stopped. This check stops a server with a request in flight too: that request must get its 200 before the exit.")
    void logs_each_shutdown_step(Servers servers, @TempDir Path dir) throws IOException {
        Signals.assumeSupported();
        // Two stops side by side: a request that ends inside the grace, and one that outlives it.
        ServerProcess finishes = servers.startOwn(envIn(Files.createDirectories(dir.resolve("finishes"))).set("SHUTDOWN_GRACE_MS", "5000"));
        ServerProcess cutsOff = servers.startOwn(envIn(Files.createDirectories(dir.resolve("cuts-off"))).set("SHUTDOWN_GRACE_MS", "500"));
        awaitServing(finishes);
        awaitServing(cutsOff);
        String finishing = "kill -TERM " + finishes.pid() + "  while  GET /work?ms=1000  was in flight, with SHUTDOWN_GRACE_MS=5000 (it finishes)";
        String cutting = "kill -TERM " + cutsOff.pid() + "  while  GET /work?ms=4000  was in flight, with SHUTDOWN_GRACE_MS=500 (the grace ends first)";
        try (InFlight held = inFlight(finishes, "/work?ms=1000"); InFlight cut = inFlight(cutsOff, "/work?ms=4000")) {
            finishes.sendSigterm();
            cutsOff.sendSigterm();
            statusOrFailure(held, "curl -i '" + finishes.baseUrl() + "/work?ms=1000', in flight when SIGTERM came", finishes);
            Signals.awaitExit(finishes, Duration.ofMillis(5000).plus(EXIT_SLACK), finishing);
            Signals.awaitExit(cutsOff, Duration.ofMillis(500).plus(EXIT_SLACK), cutting);
            // Cut off with the exit: its answer, whatever it is, is in by now.
            cut.awaitAnswers();
        }
        stepsLogged(finishes, "/work?ms=1000", finishing);
        stepsLogged(cutsOff, "/work?ms=4000", cutting);
    }

    /** After the line of the request in flight, one line per step of the stop, in the README's order. */
    private static void stepsLogged(ServerProcess server, String target, String sent) {
        Map<String, Pattern> steps = new LinkedHashMap<>();
        steps.put("not ready", Pattern.compile("not ready", Pattern.CASE_INSENSITIVE));
        steps.put("no new connections", Pattern.compile("no new connections", Pattern.CASE_INSENSITIVE));
        steps.put("in flight", Pattern.compile("in flight", Pattern.CASE_INSENSITIVE));
        steps.put("finished, or cut off", Pattern.compile("finished|cut off|cutting off", Pattern.CASE_INSENSITIVE));
        steps.put("DATA_FILE", Pattern.compile("DATA_FILE"));
        steps.put("Stopped", Pattern.compile("Stopped"));

        List<String> lines = server.stdout();
        int from = lines.indexOf(lines.stream().filter(line -> line.contains(target)).findFirst().orElse("")) + 1;
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
            throw Failure.sent(sent)
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
    private static boolean turnedAway(ServerProcess server, Request request, List<String> seen) {
        Outcome outcome = Http.exchange(server, request);
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
