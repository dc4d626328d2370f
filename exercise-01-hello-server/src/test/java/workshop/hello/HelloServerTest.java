package workshop.hello;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;
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
import workshop.grader.ServerNotReady;
import workshop.grader.ServerProcess;
import workshop.grader.Servers;
import workshop.grader.Symptom;
import workshop.grader.Signals;
import workshop.grader.Soft;
import workshop.grader.Together;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of exercise 01, in the order of the README's steps. */
@Symptom(shows = "java.lang.NumberFormatException", step = 1,
        hint = "The server died of a NumberFormatException: Integer.parseInt met a PORT that is not a whole number. Check the text before you trust it: one line on System.err naming PORT and the value, then System.exit(2).")
@Symptom(shows = "java.net.BindException", step = 2,
        hint = "The server died of a BindException: another program holds the port. Catch it around HttpServer.create: one line on System.err naming the port and the fix, then System.exit(1).")
@Checks(exercise = "exercise-01-hello-server", mainClass = HelloServerTest.MAIN_CLASS)
class HelloServerTest {

    static final String MAIN_CLASS = "workshop.hello.HelloServer";

    private static final String GREETING = "Hello, world!\n";

    /** A server with bad config exits within this bound: the time a JVM needs to start, with room. */
    private static final Duration REFUSES_WITHIN = Duration.ofSeconds(10);

    /** The highest port there is: PORT=65535 is as good as any other. */
    private static final int HIGHEST_PORT = 65535;

    /** How long a HEAD response's connection must stay quiet: a body sent by mistake follows the headers at once. */
    private static final Duration NOTHING_AFTER_HEAD = Duration.ofMillis(500);

    @Test
    @DisplayName("listens on the port that PORT names")
    @Hint(step = 1, alsoNeeds = 5, value = "Read the port with System.getenv(\"PORT\"), use 8080 when it is not set, and pass it to new InetSocketAddress(host, port). Ports run from 0 to 65535, both ends included.")
    void listens_on_the_port_that_PORT_names(Servers servers) {
        Started started = onHighestPort(servers);
        ServerProcess server = started.server();

        assertThat(server.port()).as("the port in its Listening on line, started with PORT=%d", started.port()).isEqualTo(started.port());
    }

    /**
     * A server that two checks judge, each its own promise: first that it listens on the port PORT
     * names, then how it stops on a signal. One JVM for both, started by whichever check asks first.
     *
     * @param server  the server, ready; null if it did not start
     * @param port    the PORT it was started with, 0 if not set
     * @param failure why it did not start ({@link ServerNotReady}, or a {@link TestAbortedException} that
     *                skips the check of the port), for that check to report; null if it did start
     */
    private record Started(ServerProcess server, int port, Throwable failure) {

        /** The server; or, where it did not start, the failure of its start (not ready, or skipped). */
        @Override
        public ServerProcess server() {
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            return server;
        }

        /**
         * The server, if it started; otherwise one the caller starts, so that a start that failed
         * is reported by the check of the port alone.
         */
        ServerProcess serverOr(Supplier<ServerProcess> own) {
            return failure == null ? server : own.get();
        }
    }

    /** The server started with PORT=65535, or with a free port if another program holds that one. */
    private static Started onHighestPort(Servers servers) {
        return servers.once("PORT=65535", () -> {
            // The top of the range where no other program holds it, so that a range check one short refuses it.
            int port = Ports.isFree(HIGHEST_PORT) ? HIGHEST_PORT : Ports.free();
            ServerProcess server = servers.launch(Env.defaults().set("PORT", Integer.toString(port)));
            try {
                return new Started(server.awaitReady(), port, null);
            } catch (ServerNotReady e) {
                // A server still running holds the port itself: only one that gave up may have lost it to another program.
                boolean lostThePort = !server.isAlive() && !Ports.isFree(port);
                return new Started(null, port, lostThePort
                        ? new TestAbortedException("another program took port " + port + " while this check ran, so it cannot be tried here")
                        : e);
            }
        });
    }

    /** The server started without PORT, on 8080; its check is skipped when another program holds 8080. */
    private static Started onDefaultPort(Servers servers) {
        return servers.once("PORT not set", () -> {
            try {
                return new Started(servers.startOnDefaultPort(8080), 0, null);
            } catch (ServerNotReady | TestAbortedException e) {
                return new Started(null, 0, e);
            }
        });
    }

    @Test
    @DisplayName("uses port 8080 when PORT is not set")
    @Hint(step = 1, alsoNeeds = 5, value = "System.getenv(\"PORT\") is null when the variable is not set: read it with System.getenv().getOrDefault(\"PORT\", \"8080\").")
    void uses_8080_when_PORT_is_not_set(Servers servers) {
        ServerProcess server = onDefaultPort(servers).server();

        assertThat(server.port()).as("the port in its Listening on line, started without PORT").isEqualTo(8080);
    }

    @ParameterizedTest(name = "refuses PORT=\"{0}\": one line on standard error naming PORT and the value, exit status 2", quoteTextArguments = false)
    @ValueSource(strings = {"abc", "", "-1", "65536"})
    @Hint(step = 1, value = "Turn PORT into an int inside a try, catch NumberFormatException, and check 0 <= port <= 65535. On a bad value: System.err.println a line naming PORT and the value, then System.exit(2).")
    void refuses_a_bad_PORT(String value, Servers servers) {
        refuses(servers, Env.defaults().set("PORT", value), "PORT", value, true);
    }

    /** Starts a server with config it must refuse, and holds it to exit status 2 and one line on standard error. */
    private static void refuses(Servers servers, Env env, String variable, String value, boolean quoted) {
        ServerProcess server = servers.launch(env);
        int status = server.requireExit(REFUSES_WITHIN, "it refuses " + variable + "=\"" + value + "\" and exits with status 2");
        Map<String, String> named = new LinkedHashMap<>();
        named.put(variable, variable);
        if (quoted && !value.isEmpty()) {
            named.put("the value " + value, value);
        }
        exitedWithOneLine(server, env.describe() + " java " + MAIN_CLASS, status, 2, named);
    }

    /**
     * Fails, in one message, unless the server exited with the expected status after printing one
     * line on standard error that contains each of the texts named, and no Listening on line.
     *
     * @param named what the line must name, in words, and the text that shows it does
     */
    private static void exitedWithOneLine(ServerProcess server, String started, int status, int expectedStatus, Map<String, String> named) {
        List<String> errors = nonBlank(server.stderr());
        String line = errors.isEmpty() ? "" : errors.get(0);
        List<String> wrong = new ArrayList<>();
        if (status != expectedStatus) {
            wrong.add("exit status " + status);
        }
        if (errors.size() != 1) {
            wrong.add(errors.size() + " lines on standard error" + (errors.size() > 1 ? ", the first: " + line : ""));
        }
        named.forEach((words, text) -> {
            if (!errors.isEmpty() && !line.contains(text)) {
                wrong.add("its error line does not name " + words);
            }
        });
        if (server.stdout().stream().anyMatch(out -> out.contains("Listening on"))) {
            wrong.add("a Listening on line on standard output");
        }
        if (!wrong.isEmpty()) {
            throw Failure.started(started)
                    .expected("exit status " + expectedStatus + " after one line on standard error (no stack trace) naming "
                            + String.join(" and ", named.keySet()) + ", and no Listening on line")
                    .got(String.join("\n", wrong))
                    .server(server).lastLines(8).error();
        }
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank()).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "refuses HOST=\"{0}\": one line on standard error naming HOST, exit status 2", quoteTextArguments = false)
    @ValueSource(strings = {"no-such-host.invalid", ""})
    @Hint(step = 2, value = "After new InetSocketAddress(host, port), check address.isUnresolved(), and host.isEmpty() too (Java takes \"\" for this machine). Then System.err.println a line naming HOST, and System.exit(2).")
    void refuses_a_bad_HOST(String value, Servers servers) {
        refuses(servers, Env.defaults().set("HOST", value), "HOST", value, false);
    }

    @Test
    @DisplayName("exits with status 1 and one line on standard error naming the port when the port is taken")
    @Hint(step = 2, alsoNeeds = 5, value = "Catch the BindException around HttpServer.create, print one line with System.err.println that names the port and says to stop the other program or set PORT to another port, then System.exit(1).")
    void refuses_a_taken_port(ServerProcess first, Servers servers) {
        int port = first.port();

        Env env = Env.defaults().set("PORT", Integer.toString(port));
        ServerProcess second = servers.launch(env);
        int status = second.requireExit(REFUSES_WITHIN, "a second server on PORT=" + port + ", which the first one holds, exits with status 1");

        Map<String, String> named = new LinkedHashMap<>();
        named.put("the port " + port, Integer.toString(port));
        named.put("PORT, to say how to fix it", "PORT");
        exitedWithOneLine(second, env.describe() + " java " + MAIN_CLASS + "   (a server already listens on port " + port + ")", status, 1, named);
    }

    @Test
    @DisplayName("answers GET / with 200, text/plain and Hello, world!")
    @Hint(step = 3, alsoNeeds = 5, value = "Set the Content-Type header before sendResponseHeaders(200, length), with length the number of bytes of the body, then write the body.")
    void answers_GET_with_hello(ServerProcess server) {
        Reply reply = Http.get(server, "/");

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(reply.status()).as("status of  %s", reply.curl()).isEqualTo(200));
            softly.check(() -> assertThat(reply.header("Content-Type")).as("Content-Type of  %s", reply.curl())
                    .hasValueSatisfying(type -> assertThat(type.replace(" ", "")).as("Content-Type").isEqualToIgnoringCase("text/plain;charset=utf-8")));
            softly.check(() -> assertThat(reply.body()).as("body of  %s", reply.curl()).isEqualTo(GREETING));
        });
    }

    @Test
    @DisplayName("ignores the query string: GET /?name=Ada answers 200 and Hello, world!")
    @Hint(step = 3, alsoNeeds = 5, value = "Route on exchange.getRequestURI().getPath(), which is \"/\" for /?name=Ada; the whole URI keeps the query string, which this server does not use.")
    void ignores_the_query_string(ServerProcess server) {
        Reply reply = Http.get(server, "/?name=Ada");

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(reply.status()).as("status of  %s", reply.curl()).isEqualTo(200));
            softly.check(() -> assertThat(reply.body()).as("body of  %s", reply.curl()).isEqualTo(GREETING));
        });
    }

    @Test
    @DisplayName("answers HEAD / with the status and headers of GET /, and no body")
    @Hint(step = 3, alsoNeeds = 5, value = "Answer HEAD like GET, with the same status and Content-Type, but pass -1 to sendResponseHeaders and write no body.")
    void answers_HEAD_like_GET_without_a_body(ServerProcess server) {
        Reply get = Http.get(server, "/");
        // Asked to close after its response, a server that does so ends the wait for a body at once.
        Request head = Request.head("/").with("Connection", "close");
        Outcome outcome;
        boolean bodyFollowed;
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            outcome = connection.exchange(head.bytes(server.baseUrl().getAuthority()), true);
            // Nothing may follow a HEAD response: the connection stays quiet, or the server closes it.
            bodyFollowed = outcome.answered() && !connection.quietFor(NOTHING_AFTER_HEAD) && !connection.closedByServer();
        }
        if (!outcome.answered()) {
            throw Failure.sent(head.curl(server)).expected("a response").got(outcome.describe()).server(server).error();
        }
        int status = outcome.status();
        String type = Objects.requireNonNullElse(outcome.response().header("Content-Type"), "(none)");

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(status).as("status of  %s  (the status of  %s  is %d)", head.curl(server), get.curl(), get.status())
                    .isEqualTo(get.status()).isEqualTo(200));
            softly.check(() -> assertThat(type).as("Content-Type of  %s  (the same as for GET)", head.curl(server))
                    .isEqualTo(get.header("Content-Type").orElse("(none)")));
            softly.check(() -> assertThat(bodyFollowed).as("whether bytes of a body followed the headers of  %s  (a HEAD response has none)", head.curl(server))
                    .isFalse());
        });
    }

    @Test
    @DisplayName("answers 404 for a path other than /")
    @Hint(step = 3, alsoNeeds = 5, value = "The context \"/\" hands every path to your handler: compare exchange.getRequestURI().getPath() with \"/\" and answer 404 when it differs.")
    void answers_404_for_other_paths(ServerProcess server) {
        // Then GET / on the same connection (a new one, if the server closed it): a 404 must end its exchange too.
        List<Answered> answers = Together.oneByOne(server, List.of(Request.get("/no/such/page"), Request.get("/")));
        Answered notFound = answers.get(0);

        assertThat(notFound.status()).as("status of  %s", notFound.curl()).isEqualTo(404);
        nextIsServed(answers, "the 404");
    }

    /**
     * The request after the first ones, sent on the same connection (or a new one, when the server said it
     * closes), got its 200: a server that leaves an exchange unfinished, or reads a request's body as the
     * next request, fails here.
     */
    private static void nextIsServed(List<Answered> answers, String after) {
        Answered next = answers.size() > 1 ? answers.get(answers.size() - 1) : null;
        if (next == null || next.status() != 200) {
            throw Failure.sent("one after another, on one connection (a new one once the server closes it):\n  "
                            + answers.stream().map(Answered::curl).collect(Collectors.joining("\n  ")) + (next == null ? "\n  curl " + answers.get(0).baseUrl() + "/" : ""))
                    .expected("the last, GET /, answered 200 like any other, after " + after)
                    .got(answers.stream().map(Answered::describe).collect(Collectors.joining("\n  "))
                            + (next == null ? "\n  GET / was not sent: the request before it got no response" : ""))
                    .error();
        }
    }

    @Test
    @DisplayName("answers 405 with Allow: GET, HEAD for a method other than GET or HEAD")
    @Hint(step = 3, alsoNeeds = 5, value = "For a method other than GET or HEAD: exchange.getResponseHeaders().set(\"Allow\", \"GET, HEAD\") before sendResponseHeaders(405, length).")
    void answers_405_for_other_methods(ServerProcess server) {
        Reply post = Http.post(server, "/", "one coffee");
        Reply delete = Http.send(server, "DELETE", "/", null);
        Reply patch = Http.send(server, "PATCH", "/", "one coffee");

        Soft.assertSoftly(softly -> {
            for (Reply reply : List.of(post, delete, patch)) {
                softly.check(() -> assertThat(reply.status()).as("status of  %s", reply.curl()).isEqualTo(405));
                softly.check(() -> assertThat(allowed(reply)).as("the methods in the Allow header of  %s  (%s)", reply.curl(), reply.header("Allow").orElse("none"))
                        .containsExactly("GET", "HEAD"));
            }
        });
        nextIsServed(Together.oneByOne(server, List.of(new Request("DELETE", "/", null, Map.of()), Request.get("/"))), "the 405");
    }

    /** The methods an Allow header lists, in any order, with or without spaces after the commas. */
    private static Set<String> allowed(Reply reply) {
        Set<String> methods = new TreeSet<>();
        for (String method : reply.header("Allow").orElse("").split(",")) {
            if (!method.isBlank()) {
                methods.add(method.strip());
            }
        }
        return methods;
    }

    @Test
    @DisplayName("logs the method and URL of every request, query string included, in order")
    @Hint(step = 4, alsoNeeds = 5, value = "First thing in the handler: System.out.println(exchange.getRequestMethod() + \" \" + exchange.getRequestURI()). getRequestURI() keeps the query string; getPath() drops it.")
    void logs_every_request(ServerProcess server) {
        List<String[]> requests = List.of(
                new String[] {"GET", "/?name=ada", null},
                new String[] {"POST", "/orders?id=7", "one coffee"},
                new String[] {"HEAD", "/", null},
                new String[] {"GET", "/no/such/page?x=1&y=2", null},
                // Logged as sent: percent-escapes stay escapes, not decoded characters.
                new String[] {"GET", "/?greeting=caf%C3%A9%20au%20lait", null},
                new String[] {"DELETE", "/items/42?force=true", null});
        List<String> sent = new ArrayList<>();
        for (String[] request : requests) {
            sent.add(Http.send(server, request[0], request[1], request[2]).curl());
        }

        List<Pattern> expected = requests.stream()
                .map(r -> Pattern.compile("(^|\\s)" + Pattern.quote(r[0]) + "\\s+" + Pattern.quote(r[1]) + "(\\s|$)"))
                .collect(Collectors.toList());
        server.awaitStdout(lines -> missingInOrder(lines, expected).isEmpty(), Duration.ofSeconds(3));
        if (!missingInOrder(server.stdout(), expected).isEmpty()) {
            throw Failure.sent("in this order", sent)
                    .expected("one line per request on standard output, in the same order, each containing the method and the URL as sent,\n"
                            + "e.g. \"GET /?name=ada\"")
                    .field("Missing", missingRequests(requests, expected, server.stdout()))
                    .server(server).lastLines(8).error();
        }
    }

    /** The expected log lines not found, in order, among the lines (other lines may come between). */
    private static List<Pattern> missingInOrder(List<String> lines, List<Pattern> expected) {
        List<Pattern> missing = new ArrayList<>();
        int from = 0;
        for (Pattern logged : expected) {
            int at = -1;
            for (int i = from; i < lines.size() && at < 0; i++) {
                if (logged.matcher(lines.get(i)).find()) {
                    at = i;
                }
            }
            if (at < 0) {
                missing.add(logged);
            } else {
                from = at + 1;
            }
        }
        return missing;
    }

    private static String missingRequests(List<String[]> requests, List<Pattern> expected, List<String> lines) {
        List<Pattern> missing = missingInOrder(lines, expected);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (missing.contains(expected.get(i))) {
                names.add(requests.get(i)[0] + " " + requests.get(i)[1]);
            }
        }
        return String.join(", ", names);
    }

    @Test
    @DisplayName("answers a POST with a body, and keeps serving")
    @Hint(step = 3, alsoNeeds = 5, value = "Every request reaches your handler, whatever its method. Answer the ones you don't serve with a status (405 Method Not Allowed), never an exception.")
    void answers_a_POST(ServerProcess server) {
        // The next request goes on the same connection: a server that leaves the body unread takes it for a request.
        List<Answered> answers = Together.oneByOne(server, List.of(Request.post("/", "hello, server"), Request.get("/")));
        Answered post = answers.get(0);

        assertThat(post.status()).as("status of  %s  (any answer but a 5xx server error)\n  %s", post.curl(), post.describe()).isBetween(100, 499);
        nextIsServed(answers, "the POST and its body");
        chunkedPostThenGet(server);
        bigPostThenGet(server);
    }

    /**
     * A body in chunks (as curl sends one it cannot count first), then GET / on the same connection,
     * or on a new one if the server closed it: a server that skips only a Content-Length body reads
     * the chunks as the next request.
     */
    private static void chunkedPostThenGet(ServerProcess server) {
        postThenGet(server, List.of("Transfer-Encoding: chunked\r\n\r\na\r\none coffee\r\n0\r\n\r\n"), "chunked",
                "curl -i -H 'Transfer-Encoding: chunked' -d 'one coffee' " + server.baseUrl() + "/ --next " + server.baseUrl() + "/?after=chunked",
                "a chunked body", "the chunks are the POST's body, not a request");
    }

    /**
     * A body of 20,000 bytes, more than one read of a buffered stream holds, in two pieces 50 ms
     * apart as a slow network delivers it, then GET /: a server that skips the body with one skip()
     * or reads it with one read() leaves the rest to be read as the next request.
     */
    private static void bigPostThenGet(ServerProcess server) {
        int length = 20_000;
        int first = 5_000;
        postThenGet(server, List.of("Content-Length: " + length + "\r\n\r\n" + "x".repeat(first), "x".repeat(length - first)), "big-body",
                "head -c " + length + " /dev/zero | tr '\\0' x | curl -i --data-binary @- " + server.baseUrl() + "/ --next " + server.baseUrl() + "/?after=big-body",
                "a body of 20,000 bytes, sent as 5,000 then 15,000 bytes 50 ms later", "all 20,000 bytes are the POST's body, not a request");
    }

    /**
     * A POST with these headers and body, sent in these pieces 50 ms apart, then GET /?after=…: the
     * POST is answered, and so is the GET.
     */
    private static void postThenGet(ServerProcess server, List<String> headersAndBody, String after, String sent, String body, String why) {
        String authority = server.baseUrl().getAuthority();
        List<String> post = new ArrayList<>(headersAndBody);
        post.set(0, "POST / HTTP/1.1\r\nHost: " + authority + "\r\n" + post.get(0));
        byte[] get = ("GET /?after=" + after + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            Outcome posted = sendInPieces(connection, post);
            if (!posted.answered() || posted.status() >= 500) {
                throw Failure.sent(sent).expected("an answer to the POST with " + body + " (any status but a 5xx server error)")
                        .got(posted.describe()).server(server).error();
            }
            Outcome next = connection.exchange(get, false);
            if (!next.answered()) {
                // Closed after the POST: as allowed, so ask again on a new connection.
                next = RawConnection.exchange(server, get);
            }
            if (!next.answered() || next.status() != 200) {
                throw Failure.sent(sent)
                        .expected("200 to the GET after the POST: " + why)
                        .got(next.describe()).server(server).error();
            }
        }
    }

    /** Sends the pieces 50 ms apart, then reads the answer: a server may answer before the last piece. */
    private static Outcome sendInPieces(RawConnection connection, List<String> pieces) {
        try {
            for (int i = 0; i < pieces.size(); i++) {
                if (i > 0) {
                    // The gap a slow network leaves between two pieces; it ends early if the server answers.
                    connection.quietFor(Duration.ofMillis(50));
                }
                connection.send(pieces.get(i).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // The server closed the connection before the last piece; what it answered, if anything, tells.
        }
        return connection.receive();
    }

    @Test
    @DisplayName("serves many requests from one long-lived process")
    @Hint(step = 5, value = "A server is not a script: after start() it keeps running and serves request after request. Don't stop or exit after the first response.")
    void serves_many_requests_from_one_process(ServerProcess server) {
        for (int i = 1; i <= 20; i++) {
            if (i == 11) {
                // Halfway, a client resets its connection in the middle of a request: that ends the
                // client's connection, never the server.
                try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
                    connection.send("GET /?request=cut-off HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                    connection.reset();
                } catch (IOException e) {
                    // The server closed first: the reset had nothing left to cut.
                }
            }
            Outcome outcome = Http.exchange(server, Request.get("/?request=" + i));
            if (!outcome.answered() || outcome.status() != 200) {
                throw Failure.sent("curl -i " + server.baseUrl() + "/?request=N  for N = 1 to 20, one after another,"
                                + (i > 10 ? " and after N = 10 a client that sent half a request and reset its connection" : ""))
                        .expected("200 to each").got(outcome.describe() + " to request " + i).server(server).error();
            }
        }

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.isAlive()).as("the server process (pid %d) is still running after 20 requests", server.pid()).isTrue());
            softly.check(() -> assertThat(server.stdout().stream().filter(line -> line.startsWith("Listening on")))
                    .as("Listening on lines printed by one process that served 20 requests").hasSize(1));
        });
    }

    @Test
    @DisplayName("answers several clients connected at the same time")
    @Hint(step = 5, value = "Don't serve one connection until it closes before accepting the next: a browser keeps its connection open. HttpServer already juggles many connections; a ServerSocket answer needs a thread per connection.")
    void answers_several_clients_at_once(ServerProcess server) {
        List<Request> requests = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            requests.add(Request.get("/?client=" + i));
        }

        // Every client connects before any sends, and none hangs up until all are answered: they overlap for sure.
        List<Answered> answers;
        try (InFlight inFlight = InFlight.send(server, requests, Http.EXCHANGE_WITHIN)) {
            answers = inFlight.awaitAnswers();
        }

        for (Answered a : answers) {
            if (!a.answered()) {
                throw Failure.sent(requests.size() + " connections opened at once, then on each:  GET /?client=N HTTP/1.1")
                        .expected("a response on every connection while all " + requests.size() + " stay open")
                        .got("none on connection " + a.client() + ": " + a.outcome().problem())
                        .server(server).error();
            }
            assertThat(a.status()).as("status on connection %d of %d open at the same time", a.client(), requests.size()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("announces Listening on http://127.0.0.1:<port> with the port it really got")
    @Hint(step = 5, value = "After server.start(), print \"Listening on http://\" + host + \":\" + server.getAddress().getPort(): the port the server got, not the PORT you asked for (0 means any).")
    void announces_the_port_it_got(ServerProcess server) {
        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.host()).as("host in  %s  (HOST is not set, so the default)", firstListeningLine(server)).isEqualTo("127.0.0.1"));
            softly.check(() -> assertThat(server.stdout().stream().filter(line -> line.startsWith("Listening on")))
                    .as("Listening on lines on standard output").hasSize(1));
        });
    }

    private static String firstListeningLine(ServerProcess server) {
        return server.stdout().stream().filter(line -> line.contains("Listening on")).findFirst().orElse("(no Listening on line)");
    }

    @Test
    @DisplayName("prints Stopping and exits within 5 s of Ctrl+C (SIGINT)")
    @Hint(step = 6, value = "The JVM runs shutdown hooks on Ctrl+C and then exits. Register one with Runtime.getRuntime().addShutdownHook that prints Stopping and stops the server; don't block or ignore the signal.")
    void stops_on_SIGINT(Servers servers) {
        Signals.assumeSupported();
        // The server of the PORT=65535 check, which needs nothing of it once it is ready; one of its own if it did not start.
        ServerProcess server = onHighestPort(servers).serverOr(() -> servers.start(Env.defaults()));
        Http.get(server, "/");
        int before = server.stdout().size();

        Signals.stopWithSigint(server);

        saidStopping(server, before, "kill -INT " + server.pid() + "   (what Ctrl+C sends)");
    }

    @Test
    @DisplayName("prints Stopping and exits within 5 s of SIGTERM")
    @Hint(step = 6, value = "SIGTERM is how a process manager asks a service to stop: the JVM runs shutdown hooks and exits. Print Stopping and stop the server in a hook; don't replace that with a handler that only logs, and don't wait forever in a hook.")
    void stops_on_SIGTERM(Servers servers) {
        Signals.assumeSupported();
        // The server of the check without PORT, which needs nothing of it once it is ready; one of its own if it did not start.
        ServerProcess server = onDefaultPort(servers).serverOr(() -> servers.start(Env.defaults()));
        Http.get(server, "/");
        int before = server.stdout().size();

        Signals.stopWithSigterm(server);

        saidStopping(server, before, "kill -TERM " + server.pid() + "   (what a process manager sends to stop a service)");
    }

    /** Fails unless a line on standard output printed after the signal says Stopping. */
    private static void saidStopping(ServerProcess server, int linesBefore, String sent) {
        List<String> lines = server.stdout();
        List<String> after = lines.subList(Math.min(linesBefore, lines.size()), lines.size());
        if (after.stream().noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("stopping"))) {
            throw Failure.sent(sent)
                    .expected("a line on standard output that says Stopping, printed once the signal came, then the exit")
                    .got(after.isEmpty() ? "no line on standard output after the signal" : "these lines after the signal, none saying Stopping:\n" + String.join("\n", after))
                    .server(server).error();
        }
    }
}
