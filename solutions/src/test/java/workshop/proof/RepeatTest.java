package workshop.proof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import workshop.grader.CheckReport.Outcome;
import workshop.grader.CheckReport.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeats the checks many times and names every check whose outcome ever differed from what it
 * must be: pass on the reference answers (and wheats), fail on each chaff for the check it names.
 *
 * <pre>
 *   ./mvnw verify -P maintainers -pl solutions -Dworkshop.repeat=50
 *   ./mvnw verify -P maintainers -pl solutions -Dworkshop.repeat=50 -Dworkshop.repeat.answers=all -Dworkshop.repeat.busy=true
 * </pre>
 *
 * {@code workshop.repeat.answers=all} adds every wheat and chaff and the untouched stub
 * ({@code reference,stub}: the reference and the stub only); {@code workshop.repeat.exercise=<folder>}
 * repeats one exercise only; {@code workshop.repeat.busy=true} keeps one core busy with a spinning
 * thread meanwhile, as a loaded machine would.
 */
@EnabledIfSystemProperty(named = "workshop.repeat", matches = "\\d+")
class RepeatTest {

    /**
     * What each check must do on this answer: a chaff must fail the checks its header names (the
     * others may do anything); the untouched stub must pass exactly those its README lists and fail
     * the others; a reference answer or a wheat must pass every check (the default).
     */
    private static Map<String, Outcome> mustBe(Exercise exercise, String answer) {
        Map<String, Outcome> must = new java.util.HashMap<>();
        if (answer.contains("/chaffs/")) {
            AnswersTest.caughtBy(answer).forEach(check -> must.put(check, Outcome.FAILED));
        } else if (answer.equals(exercise.stub())) {
            Set<String> passes = exercise.stubPasses();
            CheckRun.of(exercise, exercise.reference()).names()
                    .forEach(check -> must.put(check, passes.contains(check) ? Outcome.PASSED : Outcome.FAILED));
        }
        return must;
    }

    @Test
    void no_check_ever_flips() {
        int runs = Integer.getInteger("workshop.repeat");
        String answersSetting = System.getProperty("workshop.repeat.answers", "reference");
        boolean all = answersSetting.equals("all");
        boolean withStub = all || answersSetting.contains("stub");
        String only = System.getProperty("workshop.repeat.exercise", "");
        AtomicBoolean spinning = new AtomicBoolean(Boolean.getBoolean("workshop.repeat.busy"));
        Thread busy = new Thread(() -> {
            long sink = 0;
            while (spinning.get()) {
                sink += System.nanoTime() % 7;
            }
            if (sink == 42) {
                System.out.print("");
            }
        }, "busy-core");
        busy.setDaemon(true);
        busy.start();

        Map<String, int[]> flips = new TreeMap<>();
        try {
            for (Exercise exercise : Exercise.all()) {
                if (!only.isEmpty() && !exercise.folder().equals(only)) {
                    continue;
                }
                List<String> answers = new ArrayList<>(List.of(exercise.reference()));
                if (all) {
                    answers.addAll(exercise.wheats());
                    answers.addAll(exercise.chaffs());
                }
                if (withStub) {
                    answers.add(exercise.stub());
                }
                for (String answer : answers) {
                    if (answer.contains("/chaffs/")) {
                        AnswersTest.appliesAndCompiles(exercise, answer);
                    }
                    Map<String, Outcome> must = mustBe(exercise, answer);
                    // A chaff is held to the checks it names only, so only those run, as in AnswersTest.
                    List<String> named = answer.contains("/chaffs/") ? AnswersTest.caughtBy(answer) : List.of();
                    for (int i = 0; i < runs; i++) {
                        CheckRun run = CheckRun.of(exercise, answer, named);
                        for (Result result : run.results()) {
                            Outcome expected = must.getOrDefault(result.name(), answer.contains("/chaffs/") ? null : Outcome.PASSED);
                            if (expected == null || result.outcome() == Outcome.SKIPPED) {
                                continue;
                            }
                            int[] counts = flips.computeIfAbsent(answer + (expected == Outcome.FAILED ? "  must fail:  " : "  must pass:  ") + result.name(), k -> new int[2]);
                            counts[0]++;
                            if (result.outcome() != expected) {
                                counts[1]++;
                                // What the flip looked like, at once: a rare one may not come back.
                                System.out.println("flipped in run " + (i + 1) + ": " + answer + ": " + result.name() + "\n"
                                        + (result.message().isEmpty() ? "  (passed)" : result.message().indent(2)));
                            }
                        }
                    }
                    System.out.println("repeated " + runs + "x: " + answer);
                }
            }
        } finally {
            spinning.set(false);
        }

        assertThat(flips).as("answer/check pairs repeated (is workshop.repeat.exercise a folder name?)").isNotEmpty();
        List<String> flipped = new ArrayList<>();
        flips.forEach((check, counts) -> {
            System.out.printf("%3d of %d runs as it must:  %s%n", counts[0] - counts[1], counts[0], check);
            if (counts[1] > 0) {
                flipped.add(check + "  flipped in " + counts[1] + " of " + counts[0] + " runs");
            }
        });
        System.out.println(flipped.isEmpty()
                ? "No check flipped in " + runs + " runs (" + flips.size() + " answer/check pairs)."
                : "Checks that flipped:\n  " + String.join("\n  ", flipped));
        assertThat(flipped).as("checks whose outcome ever differed from what it must be, in %d runs", runs).isEmpty();
    }
}
