package workshop.progress;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import workshop.progress.ProgressTable.Check;
import workshop.progress.ProgressTable.Exercise;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProgressMarkdownTest {

    @Test
    void one_row_per_exercise_with_its_count_and_first_failing_check_then_what_is_next() {
        List<Exercise> exercises = List.of(
                new Exercise("exercise-01-hello-server", List.of(new Check(1, "PASSED", "a"), new Check(2, "PASSED", "b")), Optional.empty()),
                new Exercise("exercise-02-ports", List.of(new Check(1, "PASSED", "c"), new Check(3, "FAILED", "names the taken port"),
                        new Check(5, "FAILED", "d"), new Check(6, "SKIPPED", "e")), Optional.empty()),
                new Exercise("exercise-03-lifecycle", List.of(), Optional.of("does not compile yet")));

        assertThat(ProgressMarkdown.render(exercises)).isEqualTo("""
                ### Progress: 1 of 3 exercises done, 3 of 5 checks pass

                | exercise | checks that pass | first failing check |
                | --- | --- | --- |
                | exercise-01-hello-server | 2 of 2 ✔ done |  |
                | exercise-02-ports | 1 of 3 (1 skipped) | names the taken port (README step 3) |
                | exercise-03-lifecycle | does not compile yet |  |

                Next: **exercise-02-ports**, names the taken port (README step 3). On your machine, \
                `./mvnw test -pl exercise-02-ports` shows every check, what it saw, and a hint.

                """);
    }

    @Test
    void a_check_name_never_breaks_the_table() {
        assertThat(ProgressMarkdown.escape("answers a|b with <200> *now*")).isEqualTo("answers a\\|b with \\<200\\> \\*now\\*");
    }

    @Test
    void an_exercise_that_does_not_compile_can_be_next() {
        assertThat(ProgressMarkdown.render(List.of(new Exercise("exercise-01-hello-server", List.of(), Optional.of("does not compile yet")))))
                .contains("Next: **exercise-01-hello-server**, does not compile yet.");
    }

    @Test
    void when_every_check_passes_nothing_is_next() {
        assertThat(ProgressMarkdown.render(List.of(new Exercise("exercise-01-hello-server", List.of(new Check(1, "PASSED", "a")), Optional.empty()))))
                .contains("Next: nothing left");
    }
}
