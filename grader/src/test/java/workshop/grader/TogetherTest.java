package workshop.grader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TogetherTest {

    private static ServerProcess keepsConnections;
    private static ServerProcess closesAfterEveryReply;

    @BeforeAll
    static void start() {
        keepsConnections = StandIn.launch(false);
        closesAfterEveryReply = StandIn.launch(true);
        keepsConnections.awaitReady();
        closesAfterEveryReply.awaitReady();
    }

    @AfterAll
    static void end() {
        keepsConnections.close();
        closesAfterEveryReply.close();
    }

    /** Rounds of requests that the stand-in answers 200 only when a whole round is in flight at once. */
    private static List<List<Request>> roundsThatMustOverlap(String key, int clients, int count) {
        List<List<Request>> rounds = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            rounds.add(Collections.nCopies(clients, Request.get("/together?n=" + clients + "&key=" + key)));
        }
        return rounds;
    }

    private static long connectionsUsed(List<Answered> answers) {
        return answers.stream().map(a -> a.body().replaceAll("(?s).*connection #(\\d+).*", "$1")).distinct().count();
    }

    private static String described(List<Answered> answers) {
        return answers.stream().map(Answered::describe).collect(Collectors.joining("\n"));
    }

    @Test
    void clients_in_step_overlap_in_every_round_each_on_one_kept_open_connection() {
        List<Answered> answers = Together.rounds(keepsConnections, 4, roundsThatMustOverlap("kept", 4, 3));

        assertThat(answers).as("answers").hasSize(12);
        assertThat(answers).as("every round all in flight at once:\n%s", described(answers)).allMatch(a -> a.status() == 200);
        assertThat(connectionsUsed(answers)).as("connections used by 4 clients on a server that keeps them open").isEqualTo(4);
    }

    @Test
    void clients_reconnect_before_the_next_round_when_the_server_closes_after_every_reply() {
        List<Answered> answers = Together.rounds(closesAfterEveryReply, 4, roundsThatMustOverlap("closing", 4, 3));

        assertThat(answers).as("answers").hasSize(12);
        assertThat(answers).as("every round all in flight at once:\n%s", described(answers)).allMatch(a -> a.status() == 200);
        assertThat(connectionsUsed(answers)).as("connections used by 4 clients for 12 requests, one per response").isEqualTo(12);
    }

    @Test
    void a_client_asks_again_on_a_new_connection_when_the_server_ends_a_kept_one_without_saying_so() {
        List<Answered> answers = Together.oneByOne(keepsConnections, List.of(Request.get("/hello-then-hang-up"), Request.get("/hello")));

        assertThat(answers).as("answers:\n%s", described(answers)).hasSize(2).allMatch(a -> a.status() == 200);
        assertThat(connectionsUsed(answers)).as("connections used: the second request went on a new one").isEqualTo(2);
    }

    @Test
    void streams_go_at_their_own_pace_and_reconnect_as_often_as_the_server_closes() {
        List<Request> five = Collections.nCopies(5, Request.get("/hello"));

        List<Answered> answers = Together.streams(closesAfterEveryReply, List.of(five, five, five));

        assertThat(answers).as("answers, client by client:\n%s", described(answers)).hasSize(15).allMatch(a -> a.status() == 200);
        assertThat(answers.stream().map(Answered::client)).as("each client's answers together, in order").isSorted();
    }

    @Test
    void a_client_whose_request_failed_sends_no_more_and_says_what_happened() {
        List<Answered> answers = Together.oneByOne(keepsConnections, List.of(Request.get("/hello"), Request.get("/hang-up"), Request.get("/hello")));

        assertThat(answers).as("answers to  /hello, /hang-up, /hello  one after another").hasSize(2);
        assertThat(answers.get(1).outcome().kind()).isEqualTo(Outcome.Kind.CLOSED);
        assertThat(answers.get(1).describe()).isEqualTo("curl -i " + keepsConnections.baseUrl() + "/hang-up\n"
                + "      → the server closed the connection without sending a response");
    }

    @Test
    void requests_in_flight_overlap_and_are_answered_once_awaited() {
        List<Request> three = Collections.nCopies(3, Request.get("/together?n=3&key=inflight"));

        try (InFlight inFlight = InFlight.send(closesAfterEveryReply, three, Duration.ofSeconds(5))) {
            List<Answered> answers = inFlight.awaitAnswers();

            assertThat(answers).as("all three in flight at once:\n%s", described(answers)).hasSize(3).allMatch(a -> a.status() == 200);
        }
    }

    @Test
    void the_timeline_draws_each_request_with_its_own_label() {
        List<Answered> answers = Together.oneByOne(keepsConnections, List.of(Request.get("/hello?first"), Request.get("/hello?second")));

        String timeline = Together.timeline(answers, a -> "client " + a.client() + "  " + a.request().describe());

        assertThat(timeline).contains("client 1  GET /hello?first").contains("client 1  GET /hello?second");
    }
}
