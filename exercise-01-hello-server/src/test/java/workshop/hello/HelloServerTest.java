package workshop.hello;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.grader.Answered;
import workshop.grader.Checks;
import workshop.grader.Env;
import workshop.grader.Failure;
import workshop.grader.Hint;
import workshop.grader.Http;
import workshop.grader.InFlight;
import workshop.grader.Ports;
import workshop.grader.Reply;
import workshop.grader.Request;
import workshop.grader.ServerProcess;
import workshop.grader.Servers;
import workshop.grader.Signals;
import workshop.grader.Soft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of exercise 01, in the order of the README's steps. */
@Checks(exercise = "exercise-01-hello-server", mainClass = "workshop.hello.HelloServer")
class HelloServerTest {

    private static final String GREETING = "Hello, world!\n";

    @Test
    @DisplayName("listens on the port that PORT names")
    @Hint(step = 1, value = "Read the port with System.getenv(\"PORT\"), use 8080 when it is not set, and pass it to new InetSocketAddress(host, port).")
    void listens_on_the_port_that_PORT_names(Servers servers) {
        int port = Ports.free();

        ServerProcess server = servers.start(Env.defaults().set("PORT", Integer.toString(port)));

        assertThat(server.port()).as("the port in its Listening on line, started with PORT=%d", port).isEqualTo(port);
    }

    @Test
    @DisplayName("answers GET / with 200, text/plain and Hello, world!")
    @Hint(step = 3, value = "Set the Content-Type header before sendResponseHeaders(200, length), with length the number of bytes of the body, then write the body.")
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
    @DisplayName("logs the method and URL of every request, query string included, in order")
    @Hint(step = 4, value = "First thing in the handler: System.out.println(exchange.getRequestMethod() + \" \" + exchange.getRequestURI()). getRequestURI() keeps the query string; getPath() drops it.")
    void logs_every_request(ServerProcess server) {
        List<String[]> requests = List.of(
                new String[] {"GET", "/?name=ada", null},
                new String[] {"POST", "/orders?id=7", "one coffee"},
                new String[] {"HEAD", "/", null},
                new String[] {"GET", "/no/such/page?x=1&y=2", null},
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
    @Hint(step = 3, value = "Every request reaches your handler, whatever its method. Answer the ones you don't serve with a status (405 Method Not Allowed), never an exception.")
    void answers_a_POST(ServerProcess server) {
        Reply post = Http.post(server, "/", "hello, server");
        Reply after = Http.get(server, "/");

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(post.status()).as("status of  %s  (any answer but a 5xx server error)", post.curl()).isLessThan(500));
            softly.check(() -> assertThat(after.status()).as("status of  %s  sent after the POST", after.curl()).isEqualTo(200));
        });
    }

    @Test
    @DisplayName("answers HEAD and unknown paths without crashing")
    @Hint(step = 3, value = "Decide what the other paths and methods get (404 Not Found, 405 Method Not Allowed) and answer them; an exception in a handler leaves the client with no response.")
    void answers_HEAD_and_unknown_paths(ServerProcess server) {
        Reply head = Http.head(server, "/");
        Reply unknown = Http.get(server, "/no/such/page");

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(head.status()).as("status of  %s  (any answer but a 5xx server error)", head.curl()).isLessThan(500));
            softly.check(() -> assertThat(head.body()).as("body of  %s  (a HEAD response has none)", head.curl()).isEmpty());
            softly.check(() -> assertThat(unknown.status()).as("status of  %s  (404 is the usual answer)", unknown.curl()).isLessThan(500));
        });
    }

    @Test
    @DisplayName("serves many requests from one long-lived process")
    @Hint(step = 5, value = "A server is not a script: after start() it keeps running and serves request after request. Don't stop or exit after the first response.")
    void serves_many_requests_from_one_process(ServerProcess server) {
        for (int i = 1; i <= 20; i++) {
            Reply reply = Http.get(server, "/?request=" + i);
            assertThat(reply.status()).as("status of request %d of 20:  %s", i, reply.curl()).isEqualTo(200);
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
    @DisplayName("stops within 5 s of Ctrl+C (SIGINT)")
    @Hint(step = 6, value = "The JVM runs shutdown hooks on Ctrl+C and then exits. Stop the server in a hook (Runtime.getRuntime().addShutdownHook), and don't block or ignore the signal.")
    void stops_on_SIGINT(Servers servers) {
        Signals.assumeSupported();
        ServerProcess server = servers.start(Env.defaults());
        Http.get(server, "/");

        Signals.stopWithSigint(server);
    }

    @Test
    @DisplayName("stops within 5 s of SIGTERM")
    @Hint(step = 6, value = "SIGTERM is how a process manager asks a service to stop: the JVM runs shutdown hooks and exits. Don't replace that with a handler that only logs, and don't wait forever in a hook.")
    void stops_on_SIGTERM(Servers servers) {
        Signals.assumeSupported();
        ServerProcess server = servers.start(Env.defaults());
        Http.get(server, "/");

        Signals.stopWithSigterm(server);
    }
}
