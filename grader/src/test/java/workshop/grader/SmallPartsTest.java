package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;
import workshop.grader.CheckReport.Outcome;
import workshop.grader.CheckReport.Result;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SmallPartsTest {

    @Test
    void env_starts_clean_with_PORT_0_and_applies_the_checks_changes() {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/bin", "PORT", "3000", "SECRET", "x"));

        Env.defaults().set("HOST", "::1").applyTo(environment);

        assertThat(environment).containsEntry("PATH", "/bin").containsEntry("PORT", "0").containsEntry("HOST", "::1").doesNotContainKey("SECRET");
    }

    @Test
    void env_can_leave_PORT_unset_so_the_server_uses_its_default() {
        Map<String, String> environment = new HashMap<>(Map.of("PORT", "3000"));

        Env.defaults().unset("PORT").applyTo(environment);

        assertThat(environment).doesNotContainKey("PORT");
        assertThat(Env.defaults().unset("PORT").set("HOST", "localhost").describe()).isEqualTo("HOST=localhost");
    }

    @Test
    void a_port_is_free_until_a_program_listens_on_it() throws IOException {
        int port;
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = held.getLocalPort();
            assertThat(Ports.isFree(port)).as("port %d while a socket listens on it", port).isFalse();
        }
        assertThat(Ports.isFree(port)).as("port %d after that socket closed", port).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET    | http://127.0.0.1:1234/             |           | curl -i http://127.0.0.1:1234/",
            "GET    | http://127.0.0.1:1234/?a=1&b=2     |           | curl -i 'http://127.0.0.1:1234/?a=1&b=2'",
            "HEAD   | http://127.0.0.1:1234/             |           | curl -I http://127.0.0.1:1234/",
            "POST   | http://127.0.0.1:1234/echo         | it's here | curl -i -X POST --data-binary 'it'\\''s here' http://127.0.0.1:1234/echo",
    })
    void curl_commands_are_quoted_for_a_shell(String method, String url, String body, String expected) {
        assertThat(Curl.command(method, URI.create(url), body)).isEqualTo(expected);
    }

    @Test
    void the_report_counts_passes_and_prints_a_repeated_reason_once() {
        String text = ReportText.render("exercise-01-hello-server", "", List.of(
                new Result("exercise-01-hello-server", "second check", 2, "Hint (README step 2): Try B.", Outcome.FAILED, "Sent:     nothing\nGot:      the server did not start."),
                new Result("exercise-01-hello-server", "first check", 1, "Hint (README step 1): Try A.", Outcome.FAILED, "Sent:     nothing\nGot:      the server did not start."),
                new Result("exercise-01-hello-server", "third check", 3, "", Outcome.PASSED, ""),
                new Result("exercise-01-hello-server", "signals", 4, "", Outcome.SKIPPED, "Windows has no SIGTERM")));

        assertThat(text)
                .contains("exercise-01-hello-server: 1 of 3 checks pass")
                .contains("  ✘ first check\n      Sent:     nothing\n      Got:      the server did not start.\n      Hint (README step 1): Try A.")
                .contains("  ✘ second check\n      Failed for the same reason as \"first check\", above: the server did not start.")
                .contains("  ✔ third check")
                .contains("  – signals  (skipped: Windows has no SIGTERM)")
                .doesNotContain("Try B.");
        assertThat(text.indexOf("first check")).as("checks in README order").isLessThan(text.indexOf("second check"));
    }

    @Test
    void the_results_file_has_one_line_per_check_in_README_order(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("target/check-results.tsv");

        ResultsFile.write(file, "run-7", "reference", List.of(
                new Result("exercise-01-hello-server", "second check", 2, "Try B.", Outcome.FAILED, "Did not start.\nAt all."),
                new Result("exercise-01-hello-server", "first\tcheck", 1, "", Outcome.PASSED, ""),
                new Result("exercise-01-hello-server", "signals", 4, "", Outcome.SKIPPED, "Windows")));

        assertThat(Files.readAllLines(file)).containsExactly(
                "run\tanswer\texercise\tstep\toutcome\tcheck",
                "run-7\treference\texercise-01-hello-server\t1\tPASSED\tfirst check",
                "run-7\treference\texercise-01-hello-server\t2\tFAILED\tsecond check",
                "run-7\treference\texercise-01-hello-server\t4\tSKIPPED\tsignals");
    }

    @Test
    void watch_mode_sees_a_save_that_changes_a_file_and_only_that(@TempDir Path sources) throws IOException {
        Path file = Files.createDirectories(sources.resolve("workshop/hello")).resolve("HelloServer.java");
        Files.writeString(file, "class HelloServer {}\n");
        String before = Watch.fingerprint(sources);

        assertThat(Watch.fingerprint(sources)).as("nothing saved").isEqualTo(before);
        Files.writeString(file, "class HelloServer { }\n");
        assertThat(Watch.fingerprint(sources)).as("a changed file").isNotEqualTo(before);
        String changed = Watch.fingerprint(sources);
        Files.writeString(sources.resolve("workshop/hello/Routes.java"), "");
        assertThat(Watch.fingerprint(sources)).as("a new, empty file").isNotEqualTo(changed);
    }

    @Test
    void the_report_explains_a_failure_without_stack_trace_lines() {
        AssertionError failure = new AssertionError("[status of curl -i http://127.0.0.1:1/]\nexpected: 200\n but was: 404\nat HelloServerTest.check(HelloServerTest.java:42)");

        assertThat(ReportText.explain(failure)).isEqualTo("[status of curl -i http://127.0.0.1:1/]\nexpected: 200\n but was: 404");
    }

    @Test
    void the_report_gives_a_skipped_checks_reason_in_its_own_words() {
        TestAbortedException skipped = new TestAbortedException("Assumption failed: port 8080 is in use on this machine");

        assertThat(ReportText.explain(skipped)).isEqualTo("port 8080 is in use on this machine");
    }

    @Test
    void soft_assertions_report_every_failure_in_the_report() {
        Throwable failure = catchThrowable(() -> Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(404).as("status").isEqualTo(200));
            softly.check(() -> assertThat("Hello").as("body").isEqualTo("Hello"));
            softly.check(() -> assertThat("").as("Content-Type").isEqualTo("text/plain"));
        }));

        assertThat(failure).isInstanceOf(MultipleFailuresError.class);
        assertThat(ReportText.explain(failure)).contains("[status]", "expected: 200", "[Content-Type]", "expected: \"text/plain\"")
                .doesNotContain("[body]", "Multiple Failures");
    }

    @Test
    void soft_assertions_throw_a_single_failure_as_it_is_and_pass_when_all_pass() {
        Throwable failure = catchThrowable(() -> Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(1).as("one").isEqualTo(1));
            softly.check(() -> assertThat(2).as("two").isEqualTo(3));
        }));

        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("[two]");
        Soft.assertSoftly(softly -> softly.check(() -> assertThat(1).isEqualTo(1)));
    }

    @Test
    void an_answer_that_does_not_compile_is_reported_in_the_compilers_words() {
        assertThatThrownBy(() -> Answer.resolve("grader/src/test/fixtures/broken", "grader-fixtures", "fixture.Server"))
                .isInstanceOf(Answer.AnswerDoesNotCompile.class)
                .hasMessageContaining("fixture/Server.java:7")
                .hasMessageContaining("incompatible types");
    }

    @Test
    void an_answer_folder_without_sources_or_classes_is_named_in_the_error() {
        assertThatThrownBy(() -> Answer.resolve("no/such/folder", "grader-fixtures", "fixture.Server"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workshop.answer=no/such/folder");
    }

    @Test
    void a_compiled_answer_is_reused_while_its_sources_are_unchanged() {
        Answer first = Answer.resolve("grader/src/test/fixtures/behaviours", "grader-fixtures", "fixture.Server");
        Answer second = Answer.resolve("grader/src/test/fixtures/behaviours", "grader-fixtures", "fixture.Server");

        assertThat(second.classes()).isEqualTo(first.classes());
        assertThat(first.warnings()).as("warnings of a fixture that uses sun.misc.Signal").isNotEmpty();
    }
}
