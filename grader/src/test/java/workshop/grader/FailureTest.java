package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FailureTest {

    @Test
    void a_message_says_what_was_sent_expected_and_got_with_the_values_aligned() {
        String message = Failure.sent("curl -i http://127.0.0.1:1234/")
                .expected("a response")
                .got("no response within 5 s")
                .field("Why", "the handler never\nwrites a response")
                .message();

        assertThat(message).isEqualTo("""
                Sent:     curl -i http://127.0.0.1:1234/
                Expected: a response
                Got:      no response within 5 s
                Why:      the handler never
                          writes a response""");
    }

    @Test
    void a_list_goes_one_item_a_line_under_its_label() {
        String message = Failure.sent("in this order", List.of("curl -i http://h:1/?a=1", "curl -I http://h:1/"))
                .field("Missing", List.of())
                .message();

        assertThat(message).isEqualTo("""
                Sent, in this order:
                  curl -i http://h:1/?a=1
                  curl -I http://h:1/
                Missing: (none)""");
    }

    @Test
    void a_label_longer_than_the_others_keeps_one_space_before_its_value() {
        assertThat(Failure.started("PORT=0 java Server").field("Got, after the request", "nothing").message())
                .isEqualTo("Started:  PORT=0 java Server\nGot, after the request: nothing");
    }

    @Test
    void the_failure_is_an_assertion_error_with_the_message_and_its_cause() {
        IllegalStateException cause = new IllegalStateException("underneath");

        AssertionError error = Failure.sent("x").expected("y").got("z").error(cause);

        assertThat(error).hasMessage("Sent:     x\nExpected: y\nGot:      z").hasCause(cause);
    }
}
