package workshop.lifecycle;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import workshop.grader.Answered;
import workshop.grader.Checks;
import workshop.grader.Env;
import workshop.grader.Failure;
import workshop.grader.Hint;
import workshop.grader.Http;
import workshop.grader.InFlight;
import workshop.grader.Outcome;
import workshop.grader.RawConnection;
import workshop.grader.RawResponse;
import workshop.grader.Reply;
import workshop.grader.Request;
import workshop.grader.RestAssuredHttp;
import workshop.grader.ServerProcess;
import workshop.grader.Servers;
import workshop.grader.Soft;
import workshop.grader.Timeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of exercise 03, in the order of the README's steps. */
@Checks(exercise = "exercise-03-lifecycle", mainClass = "workshop.lifecycle.LifecycleServer")
class LifecycleServerTest {

    /** A body whose characters and UTF-8 bytes differ in number: 12 characters, 19 bytes. */
    private static final String NON_ASCII = "Grüße, 世界 ☕!";

    @BeforeAll
    static void loadRestAssuredWhileTheServerStarts() {
        RestAssuredHttp.warmUpInBackground();
    }

    // ---- Step 2 and 3: reading the request ------------------------------------------------------

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("a request line without a version", "400", false, """
                        GET /\r
                        \r
                        """),
                Arguments.of("a method that is not a token", "400", false, """
                        G(T / HTTP/1.1\r
                        Host: localhost\r
                        \r
                        """),
                Arguments.of("a version that is not HTTP", "400", false, """
                        GET / HTTX/1.1\r
                        Host: localhost\r
                        \r
                        """),
                Arguments.of("a header line without a colon", "400", false, """
                        GET / HTTP/1.1\r
                        Host localhost\r
                        \r
                        """),
                Arguments.of("a non-numeric Content-Length", "400", false, """
                        POST /echo HTTP/1.1\r
                        Host: localhost\r
                        Content-Length: ten\r
                        \r
                        0123456789"""),
                Arguments.of("a negative Content-Length", "400", false, """
                        POST /echo HTTP/1.1\r
                        Host: localhost\r
                        Content-Length: -5\r
                        \r
                        hello"""),
                Arguments.of("two different Content-Length values", "400", false, """
                        POST /echo HTTP/1.1\r
                        Host: localhost\r
                        Content-Length: 5\r
                        Content-Length: 6\r
                        \r
                        hello!"""),
                Arguments.of("a body shorter than its Content-Length", "400", true, """
                        POST /echo HTTP/1.1\r
                        Host: localhost\r
                        Content-Length: 10\r
                        \r
                        abc"""),
                Arguments.of("a NUL byte in a header", "400", false, """
                        GET / HTTP/1.1\r
                        Host: localhost\r
                        X-Note: a\0b\r
                        \r
                        """),
                Arguments.of("a request line over 8192 bytes", "414 or 400", false, """
                        GET /%s HTTP/1.1\r
                        Host: localhost\r
                        \r
                        """.formatted("a".repeat(10_000))),
                Arguments.of("headers over 16384 bytes", "431", false, """
                        GET / HTTP/1.1\r
                        Host: localhost\r
                        %s\r
                        """.formatted(fillerHeaders(40, 500))));
    }

    private static String fillerHeaders(int count, int length) {
        StringBuilder headers = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            headers.append("X-Filler-").append(i).append(": ").append("f".repeat(length)).append("\r\n");
        }
        return headers.toString();
    }

    @ParameterizedTest(name = "answers {0} with {1} and keeps serving", quoteTextArguments = false)
    @MethodSource("malformedRequests")
    @Hint(step = 2, value = "Turn every problem with the request into a status: throw new HttpError(400, reason) from the parser and write it as a response. Nothing a client sends may crash the server or leave it without an answer.")
    void answers_a_malformed_request_with_its_status(String what, String expected, boolean endsEarly, String request, ServerProcess server) throws IOException {
        List<Integer> allowed = Arrays.stream(expected.split(" or ")).map(Integer::valueOf).collect(Collectors.toList());
        List<String> shown = shorten(request);
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            connection.send(request.getBytes(StandardCharsets.ISO_8859_1));
            if (endsEarly) {
                connection.shutdownOutput();
            }
            RawResponse response = responseOrFail(connection.receive(), server,
                    Failure.sent(what, shown).expected("a response with status " + expected));
            assertThat(response.status()).as("status of the response to %s:%n  %s", what, String.join("\n  ", shown)).isIn(allowed);
        }
        RawResponse after = exchange(server, "GET /?after=malformed HTTP/1.1\r\nHost: localhost\r\n\r\n",
                Failure.sent(what + ", answered; then on a new connection  GET /?after=malformed HTTP/1.1"));
        assertThat(after.status()).as("status of a good request (GET /) sent after %s", what).isEqualTo(200);
    }

    @Test
    @DisplayName("survives clients that hang up in the middle of a request")
    @Hint(step = 3, value = "A client can vanish at any moment: a read returns -1 or throws, a write throws. Catch the IOException for that one connection, close it, and keep accepting.")
    void survives_clients_that_hang_up(ServerProcess server) throws IOException {
        RawConnection.open(server, Http.EXCHANGE_WITHIN).close();
        try (RawConnection midBody = RawConnection.open(server, Http.EXCHANGE_WITHIN);
             RawConnection midHead = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            midBody.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly a few bytes");
            midHead.send("GET /?hang=up HT");
        }
        for (int i = 1; i <= 3; i++) {
            RawResponse after = exchange(server, "GET /?after=hang-up HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    Failure.sent("three connections that hung up mid-request, then  GET /?after=hang-up HTTP/1.1"));
            assertThat(after.status()).as("status of good request %d of 3 after clients hung up mid-request", i).isEqualTo(200);
        }
        assertThat(server.isAlive()).as("the server process is still running after clients hung up mid-request").isTrue();
    }

    // ---- Step 4: the response --------------------------------------------------------------------

    @Test
    @DisplayName("answers GET /, /slow, POST /echo, 404 and 405 with Allow, as REST Assured reads them")
    @Hint(step = 4, value = "Status line \"HTTP/1.1 200 OK\", then header lines, then an empty line, then the body; every line ends with \\r\\n. A 405 names the allowed methods in an Allow header.")
    void answers_the_routes(ServerProcess server) {
        Reply root = RestAssuredHttp.get(server, "/");
        long start = System.nanoTime();
        Reply slow = RestAssuredHttp.get(server, "/slow?ms=300");
        long slowMillis = (System.nanoTime() - start) / 1_000_000;
        Reply echo = RestAssuredHttp.post(server, "/echo", NON_ASCII);
        Reply missing = RestAssuredHttp.get(server, "/no/such/page");
        Reply wrongMethod = RestAssuredHttp.send(server, "DELETE", "/", null);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(root.status()).as("status of  %s", root.curl()).isEqualTo(200));
            softly.check(() -> assertThat(root.header("Content-Type")).as("Content-Type of  %s", root.curl())
                    .hasValueSatisfying(type -> assertThat(type).as("Content-Type").startsWith("text/plain")));
            softly.check(() -> assertThat(slow.status()).as("status of  %s", slow.curl()).isEqualTo(200));
            softly.check(() -> assertThat(slowMillis).as("milliseconds until the response to  %s  (it waits ms=300 first)", slow.curl()).isGreaterThanOrEqualTo(300));
            softly.check(() -> assertThat(echo.status()).as("status of  %s", echo.curl()).isEqualTo(200));
            softly.check(() -> assertThat(echo.body()).as("body of  %s  (the request body back)", echo.curl()).isEqualTo(NON_ASCII));
            softly.check(() -> assertThat(missing.status()).as("status of  %s", missing.curl()).isEqualTo(404));
            softly.check(() -> assertThat(wrongMethod.status()).as("status of  %s", wrongMethod.curl()).isEqualTo(405));
            softly.check(() -> assertThat(wrongMethod.header("Allow")).as("Allow header of  %s", wrongMethod.curl())
                    .hasValueSatisfying(allow -> assertThat(allow).as("Allow").contains("GET")));
        });
    }

    @Test
    @DisplayName("answers in a way the JDK's HttpClient accepts")
    @Hint(step = 4, value = "HttpClient is strict about framing: exactly Content-Length bytes of body, a status line with a reason, headers that end with an empty line.")
    void answers_the_JDK_HttpClient(ServerProcess server) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Http.EXCHANGE_WITHIN).build();
        URI root = URI.create(server.baseUrl() + "/");
        URI echo = URI.create(server.baseUrl() + "/echo");
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(root).timeout(Http.EXCHANGE_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(echo).timeout(Http.EXCHANGE_WITHIN)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(NON_ASCII)).build(), HttpResponse.BodyHandlers.ofString());

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(get.statusCode()).as("status of GET %s through java.net.http.HttpClient", root).isEqualTo(200));
            softly.check(() -> assertThat(get.body()).as("body of GET %s through java.net.http.HttpClient", root).isNotEmpty());
            softly.check(() -> assertThat(post.statusCode()).as("status of POST %s through java.net.http.HttpClient", echo).isEqualTo(200));
            softly.check(() -> assertThat(post.body()).as("body of POST %s with body \"%s\" through java.net.http.HttpClient", echo, NON_ASCII).isEqualTo(NON_ASCII));
        });
    }

    @Test
    @DisplayName("answers in a way curl accepts")
    @Hint(step = 4, value = "Run the curl command from the message yourself and read what it prints: curl -v shows the exact bytes of the status line and headers.")
    void answers_curl(ServerProcess server) throws Exception {
        Optional<Path> curl = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "curl")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(curl.isPresent(), "curl is not installed on this machine");

        String url = server.baseUrl() + "/echo";
        List<String> command = List.of(curl.get().toString(), "--silent", "--show-error", "--max-time", "5",
                "--include", "--data-binary", NON_ASCII, url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean ended = process.waitFor(8, TimeUnit.SECONDS);
            String shown = "curl -i --data-binary '" + NON_ASCII + "' " + url;
            assertThat(ended).as("curl ended within 8 s:  %s", shown).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(process.exitValue()).as("curl's exit status for  %s  (0 means it understood the response); it printed:%n%s", shown, output).isZero());
                softly.check(() -> assertThat(output).as("what  %s  printed", shown).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n" + NON_ASCII));
            });
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @DisplayName("sends a Content-Length header with every response")
    @Hint(step = 4, value = "Write \"Content-Length: \" + body.length + \"\\r\\n\" in every response, errors included: it tells the client where the body ends.")
    void sends_Content_Length(ServerProcess server) {
        List<String> requests = List.of(
                "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /no/such/page HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET / HTTP/1.1\r\nHost localhost\r\n\r\n");
        Soft softly = new Soft();
        for (String request : requests) {
            String firstLine = request.lines().findFirst().orElse("") + " ...";
            RawResponse response = exchange(server, request, Failure.sent(firstLine));
            softly.check(() -> assertThat(response.header("Content-Length")).as("Content-Length header of the %d response to  %s", response.status(), firstLine)
                    .isEqualTo(Integer.toString(response.body().length)));
        }
        softly.assertAll();
    }

    @Test
    @DisplayName("counts Content-Length in bytes, not characters")
    @Hint(step = 4, value = "Content-Length is a number of bytes. Turn the text into bytes first (getBytes(UTF_8)) and count those: \"ü\" is one character but two bytes.")
    void counts_Content_Length_in_bytes(ServerProcess server) {
        byte[] body = NON_ASCII.getBytes(StandardCharsets.UTF_8);
        String request = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length + "\r\n\r\n" + NON_ASCII;
        String shown = "curl -i --data-binary '" + NON_ASCII + "' " + server.baseUrl() + "/echo";
        RawResponse response = exchange(server, request, Failure.sent(shown));

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(response.header("Content-Length")).as("Content-Length of the response to  %s  (%d characters, %d bytes in UTF-8)",
                    shown, NON_ASCII.length(), body.length).isEqualTo(Integer.toString(body.length)));
            softly.check(() -> assertThat(response.bodyText()).as("body of the response to  %s, read by its Content-Length", shown).isEqualTo(NON_ASCII));
        });
    }

    @Test
    @DisplayName("closes the connection after each response")
    @Hint(step = 4, value = "The response says Connection: close, so close the socket after writing it: shutdownOutput(), then close(). A client that reads until the end of the stream waits for that.")
    void closes_after_each_response(ServerProcess server) {
        try (RawConnection connection = RawConnection.open(server, Duration.ofSeconds(2))) {
            Outcome outcome = connection.exchange("GET /?check=close HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
            RawResponse response = responseOrFail(outcome, server,
                    Failure.sent("GET /?check=close HTTP/1.1").expected("a response, then the end of the connection"));
            assertThat(response.status()).as("status of GET /?check=close").isEqualTo(200);
            assertThat(connection.closedByServer()).as("the server closed the connection within 2 s of its response to GET /?check=close").isTrue();
        }
    }

    @Test
    @DisplayName("logs accepted, request, response and closed for each connection, in that order")
    @Hint(step = 4, value = "One line per phase, with the connection's id: \"#7 accepted 127.0.0.1:53122\", \"#7 request GET /\", \"#7 response 200 32 bytes in 3 ms\", \"#7 closed\". Log each phase when it happens, not afterwards.")
    void logs_each_phase_in_order(ServerProcess server) throws IOException {
        String tag = "phase" + UUID.randomUUID().toString().substring(0, 8);
        int count = 3;
        List<RawConnection> connections = new ArrayList<>();
        int[] ports = new int[count];
        int[] bodyBytes = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                connections.add(RawConnection.open(server, Http.EXCHANGE_WITHIN));
                ports[i] = connections.get(i).localPort();
            }
            // Sent in the reverse order of connecting, so the ids must follow the connections.
            for (int i = count - 1; i >= 0; i--) {
                connections.get(i).send("GET /?" + tag + "=" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            }
            for (int i = 0; i < count; i++) {
                bodyBytes[i] = responseOrFail(connections.get(i).receive(), server,
                        Failure.sent("GET /?" + tag + "=" + i + " HTTP/1.1").expected("a response")).body().length;
            }
        } finally {
            connections.forEach(RawConnection::close);
        }
        for (int i = 0; i < count; i++) {
            Pattern accepted = Pattern.compile("^#(\\d+) accepted \\S+:" + ports[i] + "$");
            Optional<String> acceptedLine = server.awaitStdoutLine(line -> accepted.matcher(line).matches(), Duration.ofSeconds(3));
            if (acceptedLine.isEmpty()) {
                throw Failure.sent("GET /?" + tag + "=" + i + " HTTP/1.1  from port " + ports[i])
                        .expected("a line \"#<id> accepted 127.0.0.1:" + ports[i] + "\" when the connection was accepted")
                        .server(server).lastLines(12).error();
            }
            Matcher m = accepted.matcher(acceptedLine.get());
            assertThat(m.matches()).isTrue();
            String id = "#" + m.group(1) + " ";
            server.awaitStdoutLine(line -> line.equals(id + "closed"), Duration.ofSeconds(3));
            List<String> expected = List.of(
                    Pattern.quote(id + "accepted ") + "\\S+:" + ports[i],
                    Pattern.quote(id + "request GET /?" + tag + "=" + i),
                    Pattern.quote(id + "response 200 " + bodyBytes[i] + " bytes in ") + "\\d+ ms",
                    Pattern.quote(id + "closed"));
            List<String> lines = server.stdout().stream().filter(line -> line.startsWith(id)).collect(Collectors.toList());
            int at = 0;
            for (String line : lines) {
                if (at < expected.size() && line.matches(expected.get(at))) {
                    at++;
                }
            }
            if (at < expected.size()) {
                throw Failure.sent("GET /?" + tag + "=" + i + " HTTP/1.1  (connection " + id.trim() + ", answered with " + bodyBytes[i] + " body bytes)")
                        .field("Expected, in this order", List.of(id + "accepted 127.0.0.1:" + ports[i], id + "request GET /?" + tag + "=" + i,
                                id + "response 200 " + bodyBytes[i] + " bytes in <N> ms", id + "closed"))
                        .field("Got, for " + id.trim(), lines)
                        .error();
            }
        }
    }

    // ---- Step 5: one connection must not hold up the others --------------------------------------

    @Test
    @DisplayName("answers a fast request while a slow one is in flight")
    @Hint(step = 5, value = "While one connection waits (here in /slow), the accept loop must already be accepting the next. Hand each accepted socket to its own thread (or a pool), and return to accept() at once.")
    void answers_fast_while_slow_is_in_flight(ServerProcess server) throws IOException {
        String tag = "slowfast" + UUID.randomUUID().toString().substring(0, 8);
        String slowTarget = "/slow?ms=3000&check=" + tag;
        String fastTarget = "/?check=" + tag;
        try (RawConnection slow = RawConnection.open(server, Duration.ofSeconds(6));
             RawConnection fast = RawConnection.open(server, Duration.ofSeconds(6))) {
            long origin = System.nanoTime();
            slow.send("GET " + slowTarget + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            // The slow request is in flight once the server has logged it; only then is the fast one sent.
            server.awaitStdoutLine(line -> line.endsWith("request GET " + slowTarget), Duration.ofSeconds(2));
            long fastSent = millisSince(origin);
            fast.send("GET " + fastTarget + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Optional<Long> fastAnswered = answeredAt(fast, origin);
            long fastGaveUp = millisSince(origin);
            Optional<Long> slowAnswered = answeredAt(slow, origin);
            long slowGaveUp = millisSince(origin);

            Timeline timeline = new Timeline();
            add(timeline, "slow  GET " + slowTarget, 0, slowAnswered, slowGaveUp);
            add(timeline, "fast  GET " + fastTarget, fastSent, fastAnswered, fastGaveUp);
            String story = "Opened two connections, sent  GET " + slowTarget + "  on the first and, while it was in flight,  GET "
                    + fastTarget + "  on the second.\n"
                    + "Expected: the fast one answered within 1500 ms, long before the slow one (3000 ms)\n"
                    + timeline.draw();
            assertThat(fastAnswered).as("%s%nThe fast request got", story).isPresent();
            assertThat(fastAnswered.get() - fastSent).as("%s%nmilliseconds the fast request took", story).isLessThan(1500);
            assertThat(slowAnswered).as("%s%nThe slow request got", story).isPresent();
            assertThat(fastAnswered.get()).as("%s%nwhen the fast one was answered, compared with the slow one", story).isLessThan(slowAnswered.get());
        }
    }

    private static void add(Timeline timeline, String label, long sent, Optional<Long> answered, long gaveUp) {
        if (answered.isPresent()) {
            timeline.add(label, sent, answered.get());
        } else {
            timeline.addUnanswered(label, sent, gaveUp);
        }
    }

    private static Optional<Long> answeredAt(RawConnection connection, long origin) {
        return connection.receive().answered() ? Optional.of(millisSince(origin)) : Optional.empty();
    }

    @Test
    @DisplayName("answers 50 clients connected at the same time")
    @Hint(step = 5, value = "Each of 50 clients asks for /slow?ms=500. One at a time that takes 25 s; with a thread per connection (or a big enough pool) all are answered in about 0.5 s.")
    void answers_50_clients_at_once(ServerProcess server) {
        int clients = 50;
        List<Request> requests = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            requests.add(Request.get("/slow?ms=500&client=" + i));
        }

        // Every client connects before any sends: the 50 requests overlap for sure.
        List<Answered> answers;
        try (InFlight inFlight = InFlight.send(server, requests, Http.EXCHANGE_WITHIN)) {
            answers = inFlight.awaitAnswers();
        }

        List<String> problems = answers.stream().filter(a -> a.status() != 200)
                .map(a -> "client " + a.client() + ": " + (a.answered() ? a.status() : a.outcome().problem()))
                .collect(Collectors.toList());
        if (!problems.isEmpty()) {
            throw Failure.sent(clients + " connections opened at once, then on each:  GET /slow?ms=500&client=N HTTP/1.1")
                    .expected("every one answered 200 within " + Http.EXCHANGE_WITHIN.toSeconds() + " s")
                    .got((clients - problems.size()) + " of " + clients + " answered 200; the others:\n  "
                            + problems.stream().limit(8).collect(Collectors.joining("\n  ")) + (problems.size() > 8 ? "\n  ..." : ""))
                    .server(server).error();
        }
    }

    // ---- Step 6: timeouts ------------------------------------------------------------------------

    @Test
    @DisplayName("times out an idle client after READ_TIMEOUT_MS and serves others meanwhile")
    @Hint(step = 6, value = "socket.setSoTimeout(readTimeoutMillis) before the first read: a read that waits longer throws SocketTimeoutException. Answer 408 and close. Meanwhile other connections must be served on their own threads.")
    void times_out_an_idle_client(Servers servers) {
        int readTimeout = 2000;
        ServerProcess server = servers.start(Env.defaults().set("READ_TIMEOUT_MS", Integer.toString(readTimeout)));
        try (RawConnection idle = RawConnection.open(server, Duration.ofMillis(readTimeout + 3000))) {
            long connected = System.nanoTime();
            RawResponse other = exchange(server, "GET /?while=idle HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    Failure.started("READ_TIMEOUT_MS=" + readTimeout + "; one client connected and sent nothing; then another sent  GET /?while=idle HTTP/1.1"));
            long otherAnswered = millisSince(connected);
            assertThat(other.status()).as("status of GET /?while=idle sent while an idle client was connected").isEqualTo(200);
            assertThat(idle.quietFor(Duration.ofMillis(1)))
                    .as("READ_TIMEOUT_MS=%d: the idle client was still waiting (not yet timed out) when the other client's response came, %d ms after it connected. "
                            + "The other client had to wait for the idle one to time out", readTimeout, otherAnswered)
                    .isTrue();
            Outcome got = idle.receive();
            String outcome = switch (got.kind()) {
                case ANSWERED -> Integer.toString(got.status());
                case TIMED_OUT -> "nothing: still open " + (readTimeout + 3000) + " ms after it connected";
                default -> "closed";
            };
            assertThat(outcome).as("what a client that connected and sent nothing got, with READ_TIMEOUT_MS=%d (408, or the connection closed)", readTimeout)
                    .isIn("408", "closed");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** One request, as written, on a new connection; its response, or the check fails with what was sent. */
    private static RawResponse exchange(ServerProcess server, String request, Failure sent) {
        return responseOrFail(RawConnection.exchange(server, request.getBytes(StandardCharsets.UTF_8)), server, sent.expected("a response"));
    }

    private static RawResponse responseOrFail(Outcome outcome, ServerProcess server, Failure sentAndExpected) {
        if (!outcome.answered()) {
            throw sentAndExpected.got(outcome.describe()).server(server).lastLines(8).error();
        }
        return outcome.response();
    }

    private static List<String> shorten(String request) {
        String visible = request.replace("\0", "\\0").replace("\r\n", "\\r\\n\n");
        String shown = visible.length() > 300 ? visible.substring(0, 200) + "... (" + request.length() + " bytes in all)" : visible;
        return shown.strip().lines().collect(Collectors.toList());
    }

    private static long millisSince(long origin) {
        return (System.nanoTime() - origin) / 1_000_000;
    }
}
