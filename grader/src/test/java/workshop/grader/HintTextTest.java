package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HintTextTest {

    @Symptom(shows = "ConcurrentModificationException", step = 4, hint = "A list changed while another thread read it.")
    @Symptom(shows = "Exception", step = 9, hint = "Any exception: written second, so never chosen over the first.")
    static final class SomeChecks {

        @Hint(step = 1, value = "Keep the user in a local variable.")
        void own_step_only() {
        }

        @Hint(step = 1, alsoNeeds = {4, 2}, value = "Keep the user in a local variable.")
        void needs_later_steps() {
        }

        @Hint(step = 5, alsoNeeds = 6, value = "Keep the last 100.")
        void needs_one_later_step() {
        }
    }

    private static Hint hintOf(String method) throws NoSuchMethodException {
        return SomeChecks.class.getDeclaredMethod(method).getAnnotation(Hint.class);
    }

    @Test
    void a_failure_without_a_symptom_gets_the_checks_own_hint() throws NoSuchMethodException {
        assertThat(HintText.of(SomeChecks.class, hintOf("own_step_only"), "Expected: 200\nGot: 404"))
                .isEqualTo("Hint (README step 1): Keep the user in a local variable.");
    }

    @Test
    void the_later_steps_a_check_needs_are_named_in_order() throws NoSuchMethodException {
        assertThat(HintText.of(SomeChecks.class, hintOf("needs_later_steps"), "Got: 404"))
                .isEqualTo("Hint (README step 1; it also needs steps 2 and 4): Keep the user in a local variable.");
        assertThat(HintText.of(SomeChecks.class, hintOf("needs_one_later_step"), "Got: 404"))
                .isEqualTo("Hint (README step 5; it also needs step 6): Keep the last 100.");
    }

    @Test
    void a_failure_that_shows_a_symptom_names_its_step_first_then_the_checks_own_hint() throws NoSuchMethodException {
        String message = "Got: 500 Internal server error: java.util.ConcurrentModificationException";

        assertThat(HintText.of(SomeChecks.class, hintOf("needs_later_steps"), message)).isEqualTo(
                "Hint (README step 4): A list changed while another thread read it.\n"
                        + "This check's own hint (README step 1; it also needs steps 2 and 4): Keep the user in a local variable.");
    }

    @Test
    void a_check_without_a_hint_still_gets_the_symptoms() {
        assertThat(HintText.of(SomeChecks.class, null, "Got: 404")).isEmpty();
        assertThat(HintText.of(SomeChecks.class, null, "out| java.lang.IllegalStateException"))
                .isEqualTo("Hint (README step 9): Any exception: written second, so never chosen over the first.");
    }
}
