package workshop.proof;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import workshop.grader.ChaffPatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step of an exercise's README that has the learner write code has a chaff that leaves that
 * step out ({@code Leaves out: step N}), which {@link AnswersTest} proves its checks catch: so no
 * step can be skipped with every check still passing. A step that adds no code says so
 * ({@value #NO_CODE}), and every {@code Leaves out:} names a step that exists.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
class ReadmeStepsTest {

    static final String NO_CODE = "This step adds no code";

    private static final Pattern STEP = Pattern.compile("^### Step (\\d+): (.+)$", Pattern.MULTILINE);
    private static final Pattern NEXT_HEADING = Pattern.compile("^#{1,3} ", Pattern.MULTILINE);

    @TestFactory
    Stream<DynamicNode> every_step_that_adds_code_has_a_chaff_that_leaves_it_out() {
        return Exercise.selected().stream().map(exercise -> {
            Map<Integer, String> steps = steps(Repository.root().resolve(exercise.folder()).resolve("README.md"));
            Map<Integer, List<String>> leftOut = new LinkedHashMap<>();
            for (String chaff : exercise.chaffs()) {
                ChaffPatch patch = ChaffPatch.read(Repository.root().resolve(chaff));
                for (int step : patch.leavesOut()) {
                    leftOut.computeIfAbsent(step, s -> new ArrayList<>()).add(patch.name());
                }
            }
            List<DynamicNode> tests = new ArrayList<>();
            steps.forEach((number, section) -> {
                String title = section.lines().findFirst().orElse("");
                tests.add(DynamicTest.dynamicTest(title, () -> {
                    if (section.contains(NO_CODE)) {
                        assertThat(leftOut.getOrDefault(number, List.of()))
                                .as("chaffs that leave out step %d, which says \"%s\"", number, NO_CODE).isEmpty();
                    } else {
                        assertThat(leftOut.getOrDefault(number, List.of()))
                                .as("chaffs of %s with \"Leaves out: step %d\": step %d has the learner write code, so one must prove that"
                                        + " a check fails without it (or the step says \"%s\")", exercise.folder(), number, number, NO_CODE)
                                .isNotEmpty();
                    }
                }));
            });
            tests.add(DynamicTest.dynamicTest("every Leaves out: names a step of the README", () ->
                    assertThat(leftOut.keySet().stream().filter(step -> !steps.containsKey(step)).collect(Collectors.toList()))
                            .as("steps named by Leaves out: lines of %s's chaffs that its README does not have (%s)", exercise.folder(), leftOut)
                            .isEmpty()));
            return DynamicContainer.dynamicContainer(exercise.folder(), tests);
        });
    }

    /** Each step's section, from its heading to the next heading of the same or a higher level, by number. */
    private static Map<Integer, String> steps(Path readme) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, String> steps = new LinkedHashMap<>();
        Matcher step = STEP.matcher(text);
        while (step.find()) {
            Matcher next = NEXT_HEADING.matcher(text);
            int end = next.find(step.end()) ? next.start() : text.length();
            steps.put(Integer.parseInt(step.group(1)), text.substring(step.start() + 4, end));
        }
        assertThat(steps).as("steps (### Step N: ...) in %s", readme).isNotEmpty();
        return steps;
    }
}
