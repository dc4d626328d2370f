package workshop.lifecycle;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
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
import workshop.grader.RawResponse;
import workshop.grader.Rest;
import workshop.grader.Reply;
import workshop.grader.Request;
import workshop.grader.ServerProcess;
import workshop.grader.Servers;
import workshop.grader.Symptom;
import workshop.grader.Soft;
import workshop.grader.Timeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of exercise 03, in the order of the README's steps. */
@Symptom(shows = "java.lang.NumberFormatException", step = 1,
        hint = "The server died of a NumberFormatException: a PORT or READ_TIMEOUT_MS that is not a whole number. Check each value before you use it: one line on System.err naming the variable and the value, then exit with status 2.")
@Symptom(shows = "java.net.BindException", step = 1,
        hint = "The server died of a BindException: another program holds the port. Catch it: one line on System.err naming the port and the fix, then exit with status 1.")
@Symptom(shows = "java.net.SocketTimeoutException", step = 6,
        hint = "A SocketTimeoutException escaped: a client was too slow, which is the client's mistake, not the server's. Catch it on the connection's thread: answer 408, then close that connection and keep serving.")
@Checks(exercise = "exercise-03-lifecycle", mainClass = "workshop.lifecycle.LifecycleServer")
class LifecycleServerTest {

    /** How long a server that checks as the bytes arrive may take to answer a request that is not finished. */
    private static final Duration UNFINISHED_ANSWERED_WITHIN = Duration.ofSeconds(3);

    /** A body whose characters and UTF-8 bytes differ in number: 12 characters, 19 bytes. */
    private static final String NON_ASCII = "Grüße, 世界 ☕!";

    @BeforeAll
    static void loadRestAssuredWhileTheServerStarts() {
        RestAssuredHttp.warmUpInBackground();
    }

    // ---- Step 1: config -------------------------------------------------------------------------

    /** How long a server may take to refuse its config or its port and exit: as long as one may take to start. */
    private static final Duration GIVES_UP_WITHIN = ServerProcess.READY_WITHIN;

    @ParameterizedTest(name = "refuses {0}=\"{1}\": exit status 2, one line on standard error, nothing bound", quoteTextArguments = false)
    @CsvSource(delimiter = '|', value = {
            "PORT | abc",
            "PORT | 65536",
            "READ_TIMEOUT_MS | abc",
            "READ_TIMEOUT_MS | 0",
            "READ_TIMEOUT_MS | 600001",
            "HOST | 203.0.113.7",
    })
    @Hint(step = 1, value = "Read every variable before binding anything. On a bad value print one line with System.err.println that names the variable, quotes the value and says what is allowed (PORT: 0 to 65535; READ_TIMEOUT_MS: 1 to 600000; HOST: an address of this machine), then System.exit(2).")
    void refuses_bad_config(String variable, String value, Servers servers) {
        Assumptions.assumeTrue(!variable.equals("HOST") || isNotLocal(value), value + " is an address of this machine, so it cannot stand for a wrong HOST here");
        int port = Ports.free();
        Env env = variable.equals("PORT") ? Env.defaults().set("PORT", value) : Env.defaults().set("PORT", Integer.toString(port)).set(variable, value);

        ServerProcess server = servers.launch(env);
        int status = server.requireExit(GIVES_UP_WITHIN, "it refuses " + variable + "=" + value + " and exits with status 2");
        List<String> errors = nonBlank(server.stderr());
        String line = errors.isEmpty() ? "" : errors.get(0);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(status).as("exit status, started with %s (2: bad config)", env.describe()).isEqualTo(2));
            softly.check(() -> assertThat(errors).as("lines on standard error, started with %s: one line, no stack trace", env.describe()).hasSize(1));
            softly.check(() -> assertThat(line).as("its error line names the variable").contains(variable));
            softly.check(() -> assertThat(line).as("its error line quotes the value").contains(value));
            softly.check(() -> assertThat(server.stdout()).as("standard output (a server that refuses its config announces nothing)")
                    .noneMatch(out -> out.contains("Listening on")));
            if (!variable.equals("PORT")) {
                softly.check(() -> assertThat(Ports.isFree(port)).as("port %d, given with the bad %s, is free afterwards", port, variable).isTrue());
            }
        });
    }

    @Test
    @DisplayName("exits with status 1 and one line on standard error naming the port when its port is taken")
    @Hint(step = 1, value = "Print the Listening on line with listener.getLocalPort(), the port really bound. Catch the BindException around bind(), print one line with System.err.println that names the port and says it is in use, then System.exit(1).")
    void refuses_a_taken_port(ServerProcess first, Servers servers) {
        int port = first.port();
        ServerProcess second = servers.launch(Env.defaults().set("PORT", Integer.toString(port)));
        int status = second.requireExit(GIVES_UP_WITHIN, "a second server on PORT=" + port + ", the port the first one announced, exits");
        List<String> errors = nonBlank(second.stderr());
        String line = errors.isEmpty() ? "" : errors.get(0);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(status).as("exit status of a second server on PORT=%d, which the first one holds (1: cannot listen)", port).isEqualTo(1));
            softly.check(() -> assertThat(errors).as("lines on standard error of the second server: one line, no stack trace").hasSize(1));
            softly.check(() -> assertThat(line).as("its error line names the port").contains(Integer.toString(port)));
            softly.check(() -> assertThat(line.toLowerCase(Locale.ROOT)).as("its error line says the port is \"in use\"").contains("in use"));
            softly.check(() -> assertThat(second.stdout()).as("standard output of the second server (it never got the port, so it must not announce it)")
                    .noneMatch(out -> out.contains("Listening on")));
        });
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
                // At the end of the value, where trim() would drop it before a check of the value alone.
                Arguments.of("a NUL byte in a header", "400", false, """
                        GET / HTTP/1.1\r
                        Host: localhost\r
                        X-Note: ab\0\r
                        \r
                        """),
                Arguments.of("a request line over 8192 bytes", "414", false, """
                        GET /%s HTTP/1.1\r
                        Host: localhost\r
                        \r
                        """.formatted("a".repeat(10_000))),
                // At the limit, its CRLF counted: "GET /" + 8176 + " HTTP/1.1\r\n" is 8192 bytes; one more is over.
                Arguments.of("a request line of exactly 8192 bytes, its CRLF counted", "404", false, """
                        GET /%s HTTP/1.1\r
                        Host: localhost\r
                        \r
                        """.formatted("a".repeat(8_176))),
                Arguments.of("a request line of 8193 bytes, its CRLF counted", "414", false, """
                        GET /%s HTTP/1.1\r
                        Host: localhost\r
                        \r
                        """.formatted("a".repeat(8_177))),
                Arguments.of("a Transfer-Encoding header", "501", false, """
                        POST /echo HTTP/1.1\r
                        Host: localhost\r
                        Transfer-Encoding: chunked\r
                        \r
                        5\r
                        hello\r
                        0\r
                        \r
                        """),
                Arguments.of("a Transfer-Encoding other than chunked", "501", false, """
                        POST /echo HTTP/1.1\r
                        Host: localhost\r
                        Transfer-Encoding: gzip\r
                        \r
                        hello"""),
                // Within both limits, each counted on its own: a long request line does not count against the headers.
                Arguments.of("a request line of 8000 bytes, then 9000 bytes of headers", "404", false, """
                        GET /%s HTTP/1.1\r
                        Host: localhost\r
                        %s\r
                        """.formatted("a".repeat(7_985), fillerHeaders(18, 480))),
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
    @Hint(step = 2, value = "Turn every problem with the request into a status: throw new HttpError(400, reason) from the parser (414, 431 and 501 where the contract says so) and write it as a response. Nothing a client sends may crash the server or leave it without an answer. Each case then sends GET / on a new connection, which is answered only once you route (step 4).")
    void answers_a_malformed_request_with_its_status(String what, String expected, boolean endsEarly, String request, ServerProcess server) throws IOException {
        List<String> shown = shorten(request);
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            connection.send(request.getBytes(StandardCharsets.ISO_8859_1));
            if (endsEarly) {
                connection.shutdownOutput();
            }
            RawResponse response = responseOrFail(connection.receive(), server,
                    Failure.sent(what, shown).expected("a response with status " + expected));
            assertThat(response.status()).as("status of the response to %s:%n  %s", what, String.join("\n  ", shown)).isEqualTo(Integer.parseInt(expected));
        }
        RawResponse after = exchange(server, "GET /?after=malformed HTTP/1.1\r\nHost: localhost\r\n\r\n",
                Failure.sent(what + ", answered; then on a new connection  GET /?after=malformed HTTP/1.1"));
        assertThat(after.status()).as("status of a good request (GET /) sent after %s", what).isEqualTo(200);
    }

    @Test
    @DisplayName("answers 414 or 431 as soon as a limit is passed, without waiting for the head to end")
    @Hint(step = 2, value = "Check the limits after every read, on the bytes you have so far: a request line already past 8192 bytes with no end in sight is 414 now, headers past 16384 bytes are 431 now. A client could send gigabytes before the end of the line.")
    void answers_limits_as_the_bytes_arrive(ServerProcess server) throws IOException {
        String longLine = "GET /" + "a".repeat(9_000);
        String longHead = "GET /?check=limits HTTP/1.1\r\nHost: localhost\r\n" + fillerHeaders(40, 500);
        Soft softly = new Soft();
        for (String[] c : List.of(new String[] {"414", longLine, "GET /aaaa... (a request line of 9005 bytes, not ended: no \\r\\n yet)"},
                new String[] {"431", longHead, "GET /?check=limits HTTP/1.1, then 40 header lines of about 500 bytes each (20,000 bytes), no empty line yet"})) {
            // The client sends no more and keeps the connection open: only a server that checks as it reads can answer.
            try (RawConnection connection = RawConnection.open(server, UNFINISHED_ANSWERED_WITHIN)) {
                connection.send(c[1]);
                Outcome outcome = connection.receive();
                softly.check(() -> assertThat(outcome.answered() ? Integer.toString(outcome.status()) : outcome.describe())
                        .as("what came back within %d ms of sending  %s  and nothing more (the limit was passed as the bytes arrived)", UNFINISHED_ANSWERED_WITHIN.toMillis(), c[2])
                        .isEqualTo(c[0]));
            }
        }
        softly.assertAll();
    }

    @Test
    @DisplayName("survives clients that hang up in the middle of a request")
    @Hint(step = 3, alsoNeeds = 4, value = "A client can vanish at any moment: a read returns -1 or throws, a write throws. Catch the IOException for that one connection, close it, and keep accepting.")
    void survives_clients_that_hang_up(ServerProcess server) throws IOException {
        // Their client ports: the server's "accepted" lines name them, so their ids can be found among other checks' connections.
        List<Integer> ports = new ArrayList<>();
        RawConnection leaves = RawConnection.open(server, Http.EXCHANGE_WITHIN);
        ports.add(leaves.localPort());
        leaves.close();
        try (RawConnection midBody = RawConnection.open(server, Http.EXCHANGE_WITHIN);
             RawConnection midHead = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            ports.add(midBody.localPort());
            ports.add(midHead.localPort());
            midBody.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly a few bytes");
            midHead.send("GET /?hang=up HT");
        }
        // One more leaves with a reset, as a client whose machine crashed: the server's next read throws.
        RawConnection resetMidBody = RawConnection.open(server, Http.EXCHANGE_WITHIN);
        ports.add(resetMidBody.localPort());
        resetMidBody.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly a few bytes");
        resetMidBody.reset();
        for (int i = 1; i <= 3; i++) {
            RawResponse after = exchange(server, "GET /?after=hang-up HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    Failure.sent("four connections that hung up mid-request, then  GET /?after=hang-up HTTP/1.1"));
            assertThat(after.status()).as("status of good request %d of 3 after clients hung up mid-request", i).isEqualTo(200);
        }
        assertThat(server.isAlive()).as("the server process is still running after clients hung up mid-request").isTrue();
        // Each connection, however it ended, is closed and says so: a socket left open on an error path leaks.
        server.awaitStdout(lines -> notClosed(lines, ports).isEmpty(), Duration.ofSeconds(2));
        List<String> open = notClosed(server.stdout(), ports);
        if (!open.isEmpty()) {
            throw Failure.sent("a connection closed at once, one that hung up in the middle of a POST body, one in the middle of a request line,\n"
                            + "one reset (RST) in the middle of a POST body, then three good requests")
                    .expected("#<id> closed for each of those four connections (found by the client port its accepted line names), within 2 s")
                    .got("no \"closed\" line for " + String.join(", ", open)).server(server).lastLines(12).error();
        }
    }

    /** Of the connections from these client ports, those whose {@code #<id> accepted} line has no {@code #<id> closed} after it. */
    private static List<String> notClosed(List<String> lines, List<Integer> clientPorts) {
        List<String> open = new ArrayList<>();
        Pattern logged = Pattern.compile("^(#\\d+) (accepted \\S*:(\\d+)|closed)\\b");
        for (String line : lines) {
            Matcher m = logged.matcher(line.strip());
            if (!m.find()) {
                continue;
            }
            if (m.group(3) != null && clientPorts.contains(Integer.parseInt(m.group(3)))) {
                open.add(m.group(1));
            } else if (m.group(3) == null) {
                open.remove(m.group(1));
            }
        }
        return open;
    }

    @Test
    @DisplayName("reads a body that arrives in several pieces, and answers only once it is whole")
    @Hint(step = 3, alsoNeeds = 4, value = "One read() returns what has arrived so far, maybe only part of the body. Read in a loop until you have Content-Length bytes (readNBytes does it for you), and only then answer.")
    void reads_a_body_in_pieces(ServerProcess server) throws IOException {
        List<String> pieces = List.of("first piece, ", "second piece, ", "third piece ☕");
        String body = String.join("", pieces);
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        String head = "POST /echo?check=pieces HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + length + "\r\n\r\n";
        String story = "POST /echo?check=pieces HTTP/1.1 with Content-Length: " + length + ", its body in " + pieces.size() + " pieces 300 ms apart: "
                + pieces.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", "));
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            connection.send(head);
            for (int i = 0; i < pieces.size(); i++) {
                // Waiting is the check itself: the server must neither answer nor close before the body is whole.
                if (!connection.quietFor(Duration.ofMillis(300))) {
                    Outcome early = connection.receive();
                    throw Failure.sent(story).expected("no answer before the last piece, then 200 and the whole body back")
                            .got("after " + i + " of " + pieces.size() + " pieces: " + (early.answered() ? early.status() + " \"" + early.response().bodyText().strip() + "\"" : early.describe()))
                            .server(server).error();
                }
                connection.send(pieces.get(i));
            }
            RawResponse response = responseOrFail(connection.receive(), server, Failure.sent(story).expected("200 and the whole body back"));
            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(response.status()).as("status of %s", story).isEqualTo(200));
                softly.check(() -> assertThat(response.bodyText()).as("body of the response to %s", story).isEqualTo(body));
            });
        }
    }

    @Test
    @DisplayName("answers a Content-Length over 1,000,000 with 413 before any body arrives, and serves 1,000,000 bytes")
    @Hint(step = 3, alsoNeeds = 4, value = "Compare Content-Length with 1,000,000 as soon as the head is parsed, before reading any body: throw new HttpError(413, ...). Check the number of digits first: 99999999999 does not fit in an int.")
    void refuses_a_body_too_large(ServerProcess server) throws IOException {
        Soft softly = new Soft();
        for (String length : List.of("1000001", "99999999999")) {
            String shown = "POST /echo HTTP/1.1 with Content-Length: " + length + ", and no body sent yet";
            try (RawConnection connection = RawConnection.open(server, UNFINISHED_ANSWERED_WITHIN)) {
                connection.send("POST /echo?check=too-large HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + length + "\r\n\r\n");
                Outcome outcome = connection.receive();
                softly.check(() -> assertThat(outcome.answered() ? Integer.toString(outcome.status()) : outcome.describe())
                        .as("what came back within %d ms of  %s  (the head alone says the body is too large)", UNFINISHED_ANSWERED_WITHIN.toMillis(), shown)
                        .isEqualTo("413"));
            }
        }
        byte[] largest = "x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("POST /echo?check=largest HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + largest.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + largest.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(largest, 0, request, head.length, largest.length);
        String shown = "curl -i --data-binary @1000000-bytes " + server.baseUrl() + "/echo  (a body of exactly 1,000,000 bytes, the largest allowed)";
        Outcome echoed = RawConnection.exchange(server, request);
        softly.check(() -> assertThat(echoed.answered() ? echoed.status() + ", " + echoed.response().body().length + " body bytes" : echoed.describe())
                .as("what came back for  %s", shown).isEqualTo("200, 1000000 body bytes"));
        softly.assertAll();
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

    @ParameterizedTest(name = "answers GET {0} with {1}", quoteTextArguments = false)
    @CsvSource(delimiter = '|', value = {
            "/slow?ms=200                | 200 after at least 200 ms",
            "/slow?ms=200&check=extra    | 200 after at least 200 ms",
            "/slow?check=extra&ms=200    | 200 after at least 200 ms",
            "/slow                       | 400",
            "/slow?ms=abc                | 400",
            "/slow?ms=-5                 | 400",
            "/slow?ms=60001              | 400",
            "/slow?ms=99999999999        | 400",
    })
    @Hint(step = 4, value = "Take ms from the query with request.query(\"ms\"): other parameters may come before or after it. It must be digits only and at most 60000; anything else (missing, abc, -5, too large for an int) is a 400 at once, never an exception and never a sleep.")
    void answers_slow(String target, String expected, ServerProcess server) {
        long start = System.nanoTime();
        Outcome outcome = Http.exchange(server, Request.get(target));
        long took = millisSince(start);
        String shown = "curl -i '" + server.baseUrl() + target + "'";
        if (!outcome.answered()) {
            throw Failure.sent(shown).expected(expected).got(outcome.describe()).server(server).lastLines(8).error();
        }
        if (expected.equals("400")) {
            assertThat(outcome.status()).as("status of  %s  (ms missing, or not a whole number from 0 to 60000)", shown).isEqualTo(400);
        } else {
            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(outcome.status()).as("status of  %s", shown).isEqualTo(200));
                softly.check(() -> assertThat(took).as("milliseconds until the response to  %s  (it waits ms=200 first)", shown).isGreaterThanOrEqualTo(200));
            });
        }
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", "GET"),
                Arguments.of("DELETE /slow?ms=1 HTTP/1.1\r\nHost: localhost\r\n\r\n", "GET"),
                Arguments.of("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n", "POST"));
    }

    @Test
    @DisplayName("answers a known path with another method with 405 and an Allow header naming the path's method")
    @Hint(step = 4, value = "Each path has its method: GET for / and /slow, POST for /echo. Another method on a known path is 405, with Allow naming that path's method, not the same one for every path.")
    void answers_405_with_the_paths_Allow(ServerProcess server) {
        Soft softly = new Soft();
        wrongMethods().forEach(arguments -> {
            String request = (String) arguments.get()[0];
            String allowed = (String) arguments.get()[1];
            String firstLine = request.lines().findFirst().orElse("");
            RawResponse response = exchange(server, request, Failure.sent(firstLine));
            softly.check(() -> assertThat(response.status()).as("status of  %s", firstLine).isEqualTo(405));
            softly.check(() -> assertThat(response.header("Allow")).as("Allow header of the response to  %s  (the method this path takes: %s)", firstLine, allowed)
                    .isNotNull().satisfies(allow -> assertThat(Arrays.stream(allow.split(",")).map(String::strip).collect(Collectors.toList()))
                            .as("methods in the Allow header of the response to  %s", firstLine).containsExactly(allowed)));
        });
        softly.assertAll();
    }

    @Test
    @DisplayName("answers in a way the JDK's HttpClient accepts, and lets a client finish sending a body it refused with 413")
    @Hint(step = 4, value = "HttpClient is strict about framing: exactly Content-Length bytes of body, a status line with a reason, headers that end with an empty line. And a client may go on sending a body you refused: close gently (shutdownOutput, then read and drop what the client still sends until it closes), or the operating system breaks the connection under its write, and HttpClient, which sends and reads at once, loses your 413 now and then.")
    void answers_the_JDK_HttpClient(ServerProcess server) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Http.EXCHANGE_WITHIN).build();
        URI root = URI.create(server.baseUrl() + "/");
        URI echo = URI.create(server.baseUrl() + "/echo");
        HttpResponse<String> get = throughHttpClient(client, HttpRequest.newBuilder(root).timeout(Http.EXCHANGE_WITHIN).build(),
                "GET " + root, server);
        HttpResponse<String> post = throughHttpClient(client, HttpRequest.newBuilder(echo).timeout(Http.EXCHANGE_WITHIN)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(NON_ASCII)).build(), "POST " + echo + " with body \"" + NON_ASCII + "\"", server);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(get.statusCode()).as("status of GET %s through java.net.http.HttpClient", root).isEqualTo(200));
            softly.check(() -> assertThat(get.body()).as("body of GET %s through java.net.http.HttpClient", root).isNotEmpty());
            softly.check(() -> assertThat(post.statusCode()).as("status of POST %s through java.net.http.HttpClient", echo).isEqualTo(200));
            softly.check(() -> assertThat(post.body()).as("body of POST %s with body \"%s\" through java.net.http.HttpClient", echo, NON_ASCII).isEqualTo(NON_ASCII));
        });

        // A client that sends all of its body before it reads. The 413 comes at once, and the server must
        // then read and drop the rest, as a gentle close does: a close with the body's bytes unread breaks
        // the connection under the client's write before it reads a thing. (HttpClient sends and reads at
        // once, and loses the 413 now and then; this client shows it every time.)
        int bodyBytes = 32_000_000;
        String sent = "POST " + echo + " with Content-Length: " + bodyBytes + ", all of its body sent before reading the answer";
        try (RawConnection sender = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    sender.send("POST /echo?check=sends-it-all HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + bodyBytes + "\r\n\r\n");
                    sender.send(new byte[bodyBytes]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                sending.get(Http.EXCHANGE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw Failure.sent(sent)
                        .expected("the whole body taken (read and dropped after the 413), then the 413")
                        .got("the connection broke under the client's write of the body (" + e.getCause().getCause() + "):"
                                + " the server closed it with the body's bytes unread")
                        .server(server).error();
            } catch (TimeoutException e) {
                throw Failure.sent(sent)
                        .expected("the whole body taken (read and dropped after the 413), then the 413")
                        .got("the body still not all taken after " + Http.EXCHANGE_WITHIN.toSeconds() + " s")
                        .server(server).error();
            }
            Outcome refused = sender.receive();
            if (!refused.answered() || refused.status() != 413) {
                throw Failure.sent(sent).expected("413").got(refused.describe()).server(server).error();
            }
        }
    }

    /** One exchange through the JDK's HttpClient; a response it cannot read, or none in time, fails the check saying so. */
    private static HttpResponse<String> throughHttpClient(HttpClient client, HttpRequest request, String sent, ServerProcess server)
            throws InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw Failure.sent(sent + " through java.net.http.HttpClient")
                    .expected("a response that HttpClient accepts, within " + Http.EXCHANGE_WITHIN.toSeconds() + " s")
                    .got(e instanceof java.net.http.HttpTimeoutException ? "no response within " + Http.EXCHANGE_WITHIN.toSeconds() + " s"
                            : "HttpClient could not read it: " + e)
                    .server(server).error(e);
        }
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

    /** One of each kind of response, errors included: a name for the message, and the request. */
    private static final List<String[]> EVERY_KIND = List.of(
            new String[] {"GET / HTTP/1.1", "GET /?check=every-kind HTTP/1.1\r\nHost: localhost\r\n\r\n"},
            new String[] {"POST /echo HTTP/1.1 with a body of 5 bytes", "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"},
            new String[] {"GET /no/such/page HTTP/1.1 (404)", "GET /no/such/page HTTP/1.1\r\nHost: localhost\r\n\r\n"},
            new String[] {"DELETE / HTTP/1.1 (405)", "DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n"},
            new String[] {"GET /slow?ms=abc HTTP/1.1 (400)", "GET /slow?ms=abc HTTP/1.1\r\nHost: localhost\r\n\r\n"},
            new String[] {"GET / HTTP/1.1 with the header line \"Host localhost\" (malformed: 400)", "GET / HTTP/1.1\r\nHost localhost\r\n\r\n"},
            new String[] {"POST /echo HTTP/1.1 with Content-Length: 1000001 (413)", "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000001\r\n\r\n"});

    @Test
    @DisplayName("sends a Content-Length header with every response, equal to the body bytes that arrive")
    @Hint(step = 4, value = "Write \"Content-Length: \" + body.length + \"\\r\\n\" in every response, errors included, from the very bytes you then write as the body: it tells the client where the body ends.")
    void sends_Content_Length(ServerProcess server) {
        Soft softly = new Soft();
        for (String[] kind : EVERY_KIND) {
            try (RawConnection connection = RawConnection.open(server, Duration.ofSeconds(3))) {
                RawResponse response = responseOrFail(connection.exchange(kind[1].getBytes(StandardCharsets.UTF_8), false), server,
                        Failure.sent(kind[0]).expected("a response whose Content-Length counts the body bytes that follow it"));
                Rest rest = connection.rest();
                int arrived = response.body().length + rest.bytes().length;
                String header = response.header("Content-Length");
                softly.check(() -> assertThat(header == null ? "no Content-Length header" : "Content-Length: " + header)
                        .as("Content-Length of the %d response to  %s; %d body bytes arrived before the server %s%s", response.status(), kind[0], arrived,
                                rest.closed() ? "closed the connection" : "stopped sending",
                                rest.bytes().length == 0 ? "" : " (after the " + response.body().length + " that Content-Length counts came " + rest.bytes().length + " more: \"" + rest.shown() + "\")")
                        .isEqualTo("Content-Length: " + arrived));
                if (!rest.closed()) {
                    // It keeps its connections open: the closing check says so; one wait is enough here.
                    break;
                }
            }
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
    @DisplayName("says Connection: close in every response, errors included")
    @Hint(step = 4, value = "Write \"Connection: close\" in the head of every response, errors included, in the one place that writes responses: without it a client may wait on the connection for another response.")
    void says_Connection_close(ServerProcess server) {
        Soft softly = new Soft();
        for (String[] kind : EVERY_KIND) {
            RawResponse response = exchange(server, kind[1], Failure.sent(kind[0]));
            softly.check(() -> assertThat(response.header("Connection")).as("Connection header of the %d response to  %s", response.status(), kind[0])
                    .isEqualToIgnoringCase("close"));
        }
        softly.assertAll();
    }

    @Test
    @DisplayName("closes the connection after each response, errors included")
    @Hint(step = 4, value = "After writing a response, errors included, say you are done (socket.shutdownOutput()), read what the client still sends, then close(). A client that reads until the end of the stream waits for that.")
    void closes_after_each_response(ServerProcess server) {
        Soft softly = new Soft();
        for (String[] kind : EVERY_KIND) {
            try (RawConnection connection = RawConnection.open(server, Duration.ofSeconds(2))) {
                RawResponse response = responseOrFail(connection.exchange(kind[1].getBytes(StandardCharsets.UTF_8), false), server,
                        Failure.sent(kind[0]).expected("a response, then the end of the connection"));
                Rest rest = connection.rest();
                String got = rest.bytes().length > 0
                        ? rest.bytes().length + " more bytes after the response's " + response.body().length + " body bytes: \"" + rest.shown() + "\"" + (rest.closed() ? ", then the end" : "")
                        : rest.closed() ? "the end of the connection" : "nothing: the connection still open 2 s after the response";
                softly.check(() -> assertThat(got).as("what came after the %d response to  %s", response.status(), kind[0]).isEqualTo("the end of the connection"));
                if (!rest.closed()) {
                    // Each wait for an end that never comes costs 2 s: one is enough to tell.
                    break;
                }
            }
        }
        softly.assertAll();
    }

    @Test
    @DisplayName("logs accepted, request, response and closed for each connection, in that order")
    @Hint(step = 4, alsoNeeds = 5, value = "One line per phase, with the connection's id: \"#7 accepted 127.0.0.1:53122\", \"#7 request GET /\", \"#7 response 200 32 bytes in 3 ms\", \"#7 closed\". Log each phase when it happens, not afterwards; hand out the id on the thread that calls accept(), in the order of accepting, starting at 1.")
    void logs_each_phase_in_order(ServerProcess server) throws IOException {
        // Ids handed out in the wrong place (on each connection's own thread, say) still come out in
        // order most of the time: only threads that happen to run out of order show it. Five rounds
        // of 20 connections give it 95 chances, with no more than 20 connections open at a time.
        for (int round = 1; round <= 5; round++) {
            logsEachPhaseInOrder(server, round);
        }
        // The ids count from 1: whichever check connected first, the first connection this server
        // accepted since it started has the lowest id, and that id is 1.
        List<String> accepted = server.stdout().stream().filter(line -> ACCEPTED_LINE.matcher(line).matches()).collect(Collectors.toList());
        long lowest = accepted.stream().map(ACCEPTED_LINE::matcher).filter(Matcher::matches)
                .mapToLong(m -> Long.parseLong(m.group(1))).min().orElse(1);
        if (lowest != 1) {
            throw Failure.sent("the " + accepted.size() + " connections this server accepted since it started, from this check and others")
                    .expected("ids 1, 2, 3… in the order of accepting: the first connection accepted is #1")
                    .got("the lowest id it logged is #" + lowest)
                    .field("Its first accepted lines", accepted.subList(0, Math.min(3, accepted.size())))
                    .error();
        }
    }

    /** One round: 20 connections opened one after another, then a request on each, the last connection first. */
    private static void logsEachPhaseInOrder(ServerProcess server, int round) throws IOException {
        String tag = "phase" + round + UUID.randomUUID().toString().substring(0, 8);
        // Connected one after another from one thread, so the server accepts them in that order.
        int count = 20;
        List<RawConnection> connections = new ArrayList<>();
        int[] ports = new int[count];
        int[] bodyBytes = new int[count];
        // Other checks share this server, and a client port is reused once its connection is gone:
        // only lines printed from now on can be about these connections.
        int before = server.stdout().size();
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
        // One wait for the whole round: each port's accepted line, and the closed line of its id.
        server.awaitStdout(lines -> idsByPort(lines.subList(before, lines.size()), true).keySet().containsAll(portsOf(ports)), Duration.ofSeconds(3));
        List<String> printed = server.stdout();
        Map<Integer, Long> idOf = idsByPort(printed.subList(before, printed.size()), false);
        Map<String, List<String>> linesOf = printed.stream().filter(line -> line.startsWith("#") && line.indexOf(' ') > 0)
                .collect(Collectors.groupingBy(line -> line.substring(0, line.indexOf(' ') + 1)));
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            if (!idOf.containsKey(ports[i])) {
                throw Failure.sent("GET /?" + tag + "=" + i + " HTTP/1.1  from port " + ports[i])
                        .expected("a line \"#<id> accepted 127.0.0.1:" + ports[i] + "\" when the connection was accepted")
                        .server(server).lastLines(12).error();
            }
            ids[i] = idOf.get(ports[i]);
            String id = "#" + ids[i] + " ";
            List<String> expected = List.of(
                    Pattern.quote(id + "accepted ") + "\\S+:" + ports[i],
                    Pattern.quote(id + "request GET /?" + tag + "=" + i),
                    Pattern.quote(id + "response 200 " + bodyBytes[i] + " bytes in ") + "\\d+ ms",
                    Pattern.quote(id + "closed"));
            List<String> lines = linesOf.getOrDefault(id, List.of());
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
        for (int i = 1; i < count; i++) {
            if (ids[i] <= ids[i - 1]) {
                List<String> order = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    order.add("#" + ids[j]);
                }
                throw Failure.sent(count + " connections opened one after another (from ports " + ports[0] + " to " + ports[count - 1]
                                + "), then a request on each, the last connection first")
                        .expected("ids that grow in the order the connections were accepted: the first accepted is the lowest")
                        .got("the ids, in the order of connecting: " + String.join(" ", order))
                        .error();
            }
        }
    }

    private static final Pattern ACCEPTED_LINE = Pattern.compile("^#(\\d+) accepted \\S+:(\\d+)$");

    /** The id of each client port in {@code #<id> accepted <ip>:<port>} lines; only ids with a closed line too, if asked. */
    private static Map<Integer, Long> idsByPort(List<String> lines, boolean closedOnly) {
        Map<Integer, Long> ids = new HashMap<>();
        Set<String> closed = new HashSet<>();
        for (String line : lines) {
            Matcher m = ACCEPTED_LINE.matcher(line);
            if (m.matches()) {
                ids.putIfAbsent(Integer.parseInt(m.group(2)), Long.parseLong(m.group(1)));
            } else if (line.startsWith("#") && line.endsWith(" closed")) {
                closed.add(line.substring(1, line.length() - " closed".length()));
            }
        }
        if (closedOnly) {
            ids.values().removeIf(id -> !closed.contains(Long.toString(id)));
        }
        return ids;
    }

    private static Set<Integer> portsOf(int[] ports) {
        return Arrays.stream(ports).boxed().collect(Collectors.toSet());
    }

    @Test
    @DisplayName("logs request only once the whole request is read, and never for a malformed one")
    @Hint(step = 4, value = "Log \"#<id> request <METHOD> <target>\" after the body is read and the request understood, just before you route it; a request that fails to parse is logged as accepted, response 400 and closed, with no request line.")
    void logs_request_once_read(ServerProcess server) throws IOException {
        String tag = "whole" + UUID.randomUUID().toString().substring(0, 8);
        String target = "/echo?check=" + tag;
        String shown = "POST " + target + " HTTP/1.1 with Content-Length: 10, the body \"abc\" and, 1 s later, \"defghij\"";
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            connection.send("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc");
            // Waiting is the check itself: the request is not read while 7 of its bytes are still to come.
            Optional<String> early = server.awaitStdoutLine(line -> line.endsWith(" request POST " + target), Duration.ofSeconds(1));
            if (early.isPresent()) {
                throw Failure.sent(shown).expected("no request line while 7 bytes of the body are still to come")
                        .got("\"" + early.get() + "\" before the body was whole").error();
            }
            connection.send("defghij");
            responseOrFail(connection.receive(), server, Failure.sent(shown).expected("a response"));
        }
        Optional<String> logged = server.awaitStdoutLine(line -> line.endsWith(" request POST " + target), Duration.ofSeconds(3));
        assertThat(logged).as("a line \"#<id> request POST %s\" once the whole request of  %s  was read", target, shown).isPresent();

        String malformed = "GET /?check=" + tag + " HTTX/1.1";
        int port;
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            port = connection.localPort();
            responseOrFail(connection.exchange((malformed + "\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII), false), server,
                    Failure.sent(malformed).expected("a 400 response"));
        }
        Pattern accepted = Pattern.compile("^(#\\d+) accepted \\S+:" + port + "$");
        Optional<String> acceptedLine = server.awaitStdoutLine(line -> accepted.matcher(line).matches(), Duration.ofSeconds(3));
        assertThat(acceptedLine).as("a line \"#<id> accepted 127.0.0.1:%d\" for the connection that sent  %s", port, malformed).isPresent();
        Matcher m = accepted.matcher(acceptedLine.get());
        assertThat(m.matches()).isTrue();
        String id = m.group(1) + " ";
        server.awaitStdoutLine(line -> line.equals(id + "closed"), Duration.ofSeconds(3));
        List<String> lines = server.stdout().stream().filter(line -> line.startsWith(id)).collect(Collectors.toList());
        if (lines.stream().anyMatch(line -> line.startsWith(id + "request"))) {
            throw Failure.sent(malformed + "  (malformed: the version is not HTTP)")
                    .expected("no request line for " + id.trim() + ": it was never understood")
                    .field("Got, for " + id.trim(), lines).error();
        }
    }

    // ---- Step 5: one connection must not hold up the others --------------------------------------

    @Test
    @DisplayName("answers a fast request while a slow one is in flight")
    @Hint(step = 5, value = "While one connection waits (here in /slow), the accept loop must already be accepting the next. Hand each accepted socket to its own thread (or a pool), and return to accept() at once.")
    void answers_fast_while_slow_is_in_flight(Servers servers) throws IOException {
        // A server of its own: on one thread, its slow request would hold up every other check too.
        ServerProcess server = servers.start(Env.defaults());
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
    void answers_50_clients_at_once(Servers servers) {
        // A server of its own: on one thread, 50 slow requests would hold up every other check for 25 s.
        ServerProcess server = servers.start(Env.defaults());
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

    /**
     * The read timeout the timeout checks set, and when its 408 may come. A timeout never fires
     * early, so a server that ignores READ_TIMEOUT_MS and keeps its default of 5000 ms cannot answer
     * by the latest moment, however lucky; a busy machine only makes it later.
     */
    private static final int READ_TIMEOUT = 2500;
    private static final long TIMEOUT_EARLIEST = READ_TIMEOUT - 100;
    private static final long TIMEOUT_LATEST = 4900;

    @Test
    @DisplayName("times out an idle client with 408 after READ_TIMEOUT_MS, closes it, and serves others meanwhile")
    @Hint(step = 6, value = "Read READ_TIMEOUT_MS and give the socket that timeout before the first read: socket.setSoTimeout(...). A read that waits longer throws SocketTimeoutException: answer 408, then close. Meanwhile other connections must be served on their own threads.")
    void times_out_an_idle_client(Servers servers) {
        ServerProcess server = servers.start(Env.defaults().set("READ_TIMEOUT_MS", Integer.toString(READ_TIMEOUT)));
        String story = "READ_TIMEOUT_MS=" + READ_TIMEOUT + "; one client connected and sent nothing";
        // A first request warms the new server up, so the one sent while a client is idle measures serving, not starting.
        exchange(server, "GET /?warm=up HTTP/1.1\r\nHost: localhost\r\n\r\n", Failure.started("READ_TIMEOUT_MS=" + READ_TIMEOUT + "; then  GET /?warm=up HTTP/1.1"));
        try (RawConnection idle = RawConnection.open(server, Duration.ofMillis(TIMEOUT_LATEST + 1500))) {
            long connected = System.nanoTime();
            RawResponse other = exchange(server, "GET /?while=idle HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    Failure.started(story + "; then another sent  GET /?while=idle HTTP/1.1"));
            long otherAnswered = millisSince(connected);
            assertThat(other.status()).as("status of GET /?while=idle sent while an idle client was connected").isEqualTo(200);
            assertThat(idle.quietFor(Duration.ofMillis(1)))
                    .as("%s: the idle client was still waiting (not yet timed out) when the other client's response came, %d ms after it connected. "
                            + "The other client had to wait for the idle one to time out", story, otherAnswered)
                    .isTrue();
            Outcome got = idle.receive();
            long at = millisSince(connected);
            Rest rest = got.answered() ? idle.rest() : new Rest(new byte[0], false);
            String outcome = got.answered() ? got.status() + (rest.closed() && rest.bytes().length == 0 ? ", then closed" : ", then not closed") : got.describe();
            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(outcome).as("%s: what that client got", story).isEqualTo("408, then closed"));
                if (got.answered()) {
                    softly.check(() -> assertThat(at).as("%s: milliseconds from connecting to the 408", story).isBetween(TIMEOUT_EARLIEST, TIMEOUT_LATEST));
                    // The 408 is a response like any other: it says Connection: close too.
                    softly.check(() -> assertThat(got.response().header("Connection")).as("%s: the Connection header of the %d response", story, got.status())
                            .isEqualToIgnoringCase("close"));
                }
            });
        }
    }

    @Test
    @DisplayName("answers 408 to a client that trickles its request for longer than READ_TIMEOUT_MS")
    @Hint(step = 6, value = "READ_TIMEOUT_MS is for the whole request, counted from the accept: before each read, give the socket only what is left of it (socket.setSoTimeout(left)), and answer 408 when nothing is left. A timeout for each read never fires for a client that sends a byte now and then.")
    void times_out_a_trickling_client(Servers servers) throws IOException {
        ServerProcess server = servers.start(Env.defaults().set("READ_TIMEOUT_MS", Integer.toString(READ_TIMEOUT)));
        // The head comes at once, the body trickles: the whole request, body included, is due within READ_TIMEOUT_MS.
        String head = "POST /echo?check=trickle HTTP/1.1\r\nHost: localhost\r\nContent-Length: 40\r\n\r\n";
        byte[] request = (head + "t".repeat(40)).getBytes(StandardCharsets.US_ASCII);
        Duration gap = Duration.ofMillis(READ_TIMEOUT * 2 / 5);
        try (RawConnection connection = RawConnection.open(server, Duration.ofMillis(TIMEOUT_LATEST + 1500))) {
            long connected = System.nanoTime();
            connection.send(head);
            int sent = head.length();
            // One byte, then a gap well within READ_TIMEOUT_MS, until the server answers or the latest moment for its 408 has passed.
            while (sent < request.length && millisSince(connected) < TIMEOUT_LATEST && connection.quietFor(gap)) {
                connection.send(new byte[] {request[sent++]});
            }
            int bytesSent = sent;
            Outcome got = connection.receive();
            long at = millisSince(connected);
            String story = "READ_TIMEOUT_MS=" + READ_TIMEOUT + "; a client sent the head of  POST /echo?check=trickle HTTP/1.1  (Content-Length: 40) at once,\n"
                    + "  then its body one byte every " + gap.toMillis() + " ms (" + (bytesSent - head.length()) + " of its 40 bytes)";
            if (!got.answered()) {
                throw Failure.sent(story).expected("408 between " + TIMEOUT_EARLIEST + " and " + TIMEOUT_LATEST + " ms after it connected")
                        .got(got.describe()).server(server).error();
            }
            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(got.status()).as("%s: status of the answer", story).isEqualTo(408));
                softly.check(() -> assertThat(at).as("%s: milliseconds from connecting to the answer (the whole request must come within READ_TIMEOUT_MS)", story)
                        .isBetween(TIMEOUT_EARLIEST, TIMEOUT_LATEST));
            });
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

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank()).collect(Collectors.toList());
    }

    /** Whether no network interface of this machine has this address. */
    private static boolean isNotLocal(String address) {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByName(address)) == null;
        } catch (IOException e) {
            return true;
        }
    }

    private static long millisSince(long origin) {
        return (System.nanoTime() - origin) / 1_000_000;
    }
}
