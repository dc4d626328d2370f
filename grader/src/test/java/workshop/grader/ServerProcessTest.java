package workshop.grader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ServerProcessTest {

    private static Answer fixture;
    private final List<ServerProcess> started = new ArrayList<>();

    @BeforeAll
    static void compileFixture() {
        fixture = Answer.resolve("grader/src/test/fixtures/behaviours", "grader-fixtures", "fixture.Server");
    }

    @AfterEach
    void endEverything() {
        started.forEach(ServerProcess::close);
        assertThat(started).as("processes still running after close()").noneMatch(ServerProcess::isAlive);
    }

    private ServerProcess start(String behaviour) {
        ServerProcess server = ServerProcess.launch(fixture, "fixture.Server", Env.defaults().set("BEHAVIOUR", behaviour));
        started.add(server);
        return server;
    }

    @Nested
    class a_server_that_becomes_ready {

        @Test
        void is_reachable_at_the_announced_address_and_its_log_is_captured() {
            ServerProcess server = start("serve").awaitReady();

            Reply reply = Http.get(server, "/hello?x=1");

            assertThat(reply.status()).as("status").isEqualTo(200);
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.port()).isPositive();
            assertThat(server.awaitStdoutLine(line -> line.equals("GET /hello?x=1"), Duration.ofSeconds(5)))
                    .as("the request's log line").isPresent();
        }

        @Test
        void a_raw_connection_tells_a_quiet_server_from_one_that_answered_and_keeps_the_answer() throws Exception {
            ServerProcess server = start("serve").awaitReady();

            try (RawConnection connection = RawConnection.open(server, Duration.ofSeconds(5))) {
                assertThat(connection.quietFor(Duration.ofMillis(100))).as("quiet before any request").isTrue();
                connection.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> !connection.quietFor(Duration.ofMillis(50)));

                assertThat(connection.readResponse(false).statusLine()).as("the status line, first byte included").isEqualTo("HTTP/1.1 200 OK");
            }
        }

        @Test
        void gets_PORT_0_and_none_of_the_test_JVMs_other_variables() {
            ServerProcess server = start("serve").awaitReady();

            String body = Http.get(server, "/").body();

            assertThat(body).as("what the server saw of its environment").contains("PORT=0").contains("LEAK=null");
        }

        @Test
        void ends_with_its_descendants_on_close() {
            ServerProcess server = start("child").awaitReady();
            long childPid = Long.parseLong(server.awaitStdoutLine(l -> l.startsWith("child "), Duration.ofSeconds(5)).orElseThrow().substring(6));
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertThat(child).as("the server's child process").isPresent();

            server.close();

            assertThat(child.get().onExit()).as("the child's exit").succeedsWithin(Duration.ofSeconds(5));
        }

        @Test
        void that_ignores_SIGTERM_fails_the_stop_check_and_is_still_ended() {
            assumeTrue(Platform.hasPosixSignals(), "POSIX signals");
            ServerProcess server = start("ignore-term").awaitReady();

            assertThatThrownBy(() -> Signals.stopWithSigterm(server))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("kill -TERM " + server.pid())
                    .hasMessageContaining("still running 5 s later");
            assertThat(server.isAlive()).as("alive after the grader ended it").isFalse();
        }

        @Test
        void stops_on_SIGINT_even_when_the_test_JVM_was_started_with_SIGINT_ignored() {
            assumeTrue(Platform.hasPosixSignals(), "POSIX signals");
            ServerProcess server = start("serve").awaitReady();

            assertThat(server.ignoresSigint()).as("the server ignores SIGINT (where the OS says)").isNotEqualTo(Optional.of(true));
            int status = Signals.stopWithSigint(server);

            assertThat(status).as("exit status after SIGINT: 128 + 2").isEqualTo(130);
        }
    }

    @Nested
    class a_server_that_never_becomes_ready {

        @Test
        void fails_at_once_when_it_exits_and_quotes_what_it_printed() {
            ServerProcess server = start("exit");

            assertThatThrownBy(server::awaitReady)
                    .isInstanceOf(ServerNotReady.class)
                    .hasMessageContaining("exit status 3")
                    .hasMessageContaining("out| nothing to see")
                    .hasMessageContaining("err| giving up");
        }

        @Test
        void fails_within_the_bound_when_it_prints_no_Listening_line() {
            ServerProcess server = start("hang");
            assertThat(server.awaitStdoutLine(line -> line.equals("thinking"), Duration.ofSeconds(10))).as("the fixture's first line").isPresent();
            long startNanos = System.nanoTime();

            assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(1)))
                    .isInstanceOf(ServerNotReady.class)
                    .hasMessageContaining("printed no \"Listening on")
                    .hasMessageContaining("out| thinking");
            assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(3));
        }

        @Test
        void says_so_when_it_announces_port_0() {
            assertThatThrownBy(() -> start("port-zero").awaitReady())
                    .isInstanceOf(ServerNotReady.class)
                    .hasMessageContaining("announced port 0");
        }

        @Test
        void says_so_when_nothing_listens_on_the_announced_port() {
            assertThatThrownBy(() -> start("wrong-port").awaitReady(Duration.ofSeconds(2)))
                    .isInstanceOf(ServerNotReady.class)
                    .hasMessageContaining("nothing accepted a connection there");
        }

        @Test
        void says_so_when_the_Listening_line_went_to_standard_error() {
            ServerProcess server = start("on-stderr");
            // The line is on standard error before the short wait starts: a slow JVM start is not what this is about.
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.stderr().isEmpty());

            assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(1)))
                    .isInstanceOf(ServerNotReady.class)
                    .hasMessageContaining("on standard error");
        }
    }

    @Test
    void awaiting_the_exit_of_a_running_server_is_bounded() {
        ServerProcess server = start("serve").awaitReady();

        OptionalInt status = server.awaitExit(Duration.ofMillis(200));

        assertThat(status).as("exit status of a server nobody stopped").isEmpty();
    }

    @Test
    void requiring_an_exit_gives_the_exit_status() {
        ServerProcess server = start("exit");

        assertThat(server.requireExit(Duration.ofSeconds(10), "it gives up")).as("exit status").isEqualTo(3);
    }

    @Test
    void requiring_an_exit_of_a_server_that_keeps_running_fails_and_ends_it() {
        ServerProcess server = start("serve").awaitReady();

        assertThatThrownBy(() -> server.requireExit(Duration.ofMillis(500), "it refuses PORT=abc"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected: it refuses PORT=abc")
                .hasMessageContaining("still running");
        assertThat(server.isAlive()).as("the server after the failed check").isFalse();
    }
}
