package workshop.grader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExchangeTest {

    private static ServerProcess server;

    @BeforeAll
    static void start() {
        server = StandIn.launch(false).awaitReady();
    }

    @AfterAll
    static void end() {
        server.close();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "/hello,       ANSWERED,  status 200",
            "/until-close, ANSWERED,  status 200",
            "/reset,       RESET,     the server reset the connection",
            "/hang-up,     CLOSED,    the server closed the connection without sending a response",
            "/garbage,     MALFORMED, 'the response does not start with a status line like \"HTTP/1.1 200 OK\"; it starts with \"hello there\"'",
            "/short,       MALFORMED, the connection ended after 3 of the 10 body bytes that Content-Length promised",
    })
    void an_exchange_says_what_happened_instead_of_throwing(String target, Outcome.Kind kind, String words) {
        Outcome outcome = Http.exchange(server, Request.get(target));

        assertThat(outcome.kind()).as("what happened to GET %s", target).isEqualTo(kind);
        assertThat(outcome.describe()).as("in words").startsWith(words);
    }

    @Test
    void a_server_that_sends_nothing_times_out_after_the_connections_read_timeout() {
        try (RawConnection connection = RawConnection.open(server, Duration.ofMillis(300))) {
            Outcome outcome = connection.exchange(Request.get("/silent").bytes(server.baseUrl().getAuthority()), false);

            assertThat(outcome.kind()).isEqualTo(Outcome.Kind.TIMED_OUT);
            assertThat(outcome.describe()).isEqualTo("no response within 300 ms");
        }
    }

    @Test
    void raw_bytes_go_out_as_written_on_a_connection_of_their_own() {
        Outcome outcome = RawConnection.exchange(server, "GET /hello?raw=1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(outcome.status()).isEqualTo(200);
        assertThat(server.awaitStdoutLine(line -> line.endsWith("GET /hello?raw=1"), Duration.ofSeconds(5))).as("the request's log line").isPresent();
    }

    @Test
    void send_returns_the_reply_and_a_body_ended_by_closing_is_read_whole() {
        Reply reply = Http.get(server, "/until-close");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("bye");
        assertThat(reply.curl()).isEqualTo("curl -i " + server.baseUrl() + "/until-close");
    }

    @Test
    void send_fails_with_what_was_sent_expected_and_got_and_the_servers_last_lines() {
        Throwable failure = catchThrowable(() -> Http.get(server, "/hang-up?why=test"));

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Sent:     curl -i '" + server.baseUrl() + "/hang-up?why=test'\n"
                        + "Expected: a response\n"
                        + "Got:      the server closed the connection without sending a response\n")
                .hasMessageContaining("out| Listening on " + server.baseUrl())
                .hasMessageNotContaining(Failure.EXITED);
    }

    @Test
    void a_server_that_stopped_listening_refuses_and_one_that_exited_is_said_to_have() {
        try (ServerProcess mortal = StandIn.launch(false).awaitReady()) {
            Http.get(mortal, "/stop-listening");

            Outcome refused = Http.exchange(mortal, Request.get("/hello"));
            assertThat(refused.kind()).isEqualTo(Outcome.Kind.REFUSED);
            assertThat(refused.describe()).isEqualTo("the connection was refused: nothing listens on " + mortal.baseUrl());
            assertThat(catchThrowable(() -> Http.get(mortal, "/hello"))).as("while it still runs")
                    .hasMessageContaining("Got:      the connection was refused").hasMessageNotContaining(Failure.EXITED);

            mortal.sendSigterm();
            assertThat(mortal.awaitExit(Duration.ofSeconds(5))).as("exit status after SIGTERM").isPresent();
            assertThat(catchThrowable(() -> Http.get(mortal, "/hello"))).as("once it has exited")
                    .hasMessageContaining("Got:      the connection was refused\n".replace("\n", "")).hasMessageContaining("\n" + Failure.EXITED + "\n");
        }
    }
}
