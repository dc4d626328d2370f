package workshop.proof;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import workshop.grader.ChaffPatch;
import workshop.grader.CheckReport.Outcome;
import workshop.grader.Hint;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hint's {@code alsoNeeds} tells a learner that a check fails until later steps are done too; it
 * must be true. For each step a check names there, the exercise's chaff that leaves that step out
 * ({@code Leaves out: step N}) fails the check: only those checks run for it.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
class CheckNeedsTest {

    @TestFactory
    Stream<DynamicNode> a_check_that_also_needs_a_later_step_fails_without_it() {
        return Exercise.selected().stream().map(exercise -> {
            Map<Integer, List<String>> checksNeeding = new TreeMap<>();
            for (Method check : exercise.checkClass().getDeclaredMethods()) {
                Hint hint = check.getAnnotation(Hint.class);
                if (hint == null) {
                    continue;
                }
                for (int step : hint.alsoNeeds()) {
                    checksNeeding.computeIfAbsent(step, s -> new ArrayList<>()).add(nameOf(check));
                }
            }
            List<DynamicNode> tests = new ArrayList<>();
            checksNeeding.forEach((step, names) -> tests.add(DynamicTest.dynamicTest("without step " + step, () -> {
                Optional<String> chaff = exercise.chaffs().stream()
                        .filter(c -> ChaffPatch.read(Repository.root().resolve(c)).leavesOut().contains(step))
                        .findFirst();
                assertThat(chaff).as("a chaff of %s with \"Leaves out: step %d\", which checks %s say they need", exercise.folder(), step, names)
                        .isPresent();
                CheckRun run = CheckRun.of(exercise, chaff.get(), names);
                System.out.println(run.summary());
                assertThat(run.withOutcome(Outcome.FAILED))
                        .as("checks whose hint says they also need step %d, graded on %s\n%s", step, chaff.get(), run.report())
                        .containsAll(names);
            })));
            return DynamicContainer.dynamicContainer(exercise.folder(), tests);
        });
    }

    @Test
    void the_hints_name_only_later_steps() {
        for (Exercise exercise : Exercise.all()) {
            for (Method check : exercise.checkClass().getDeclaredMethods()) {
                Hint hint = check.getAnnotation(Hint.class);
                if (hint != null && hint.alsoNeeds().length > 0) {
                    assertThat(Arrays.stream(hint.alsoNeeds()).boxed().toList())
                            .as("steps that %s › %s also needs: later steps than its own (%d), since a learner does the earlier ones first",
                                    exercise.folder(), check.getName(), hint.step())
                            .allMatch(step -> step > hint.step());
                    assertThat(check.getAnnotation(DisplayName.class))
                            .as("the @DisplayName of %s › %s, by which this proof runs it", exercise.folder(), check.getName())
                            .isNotNull();
                }
            }
        }
    }

    /** The check's name as the report prints it; the_hints_name_only_later_steps makes sure it has one. */
    private static String nameOf(Method check) {
        DisplayName name = check.getAnnotation(DisplayName.class);
        return name == null ? "(" + check.getName() + " has no @DisplayName)" : name.value();
    }
}
