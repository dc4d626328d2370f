package workshop.proof;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import workshop.grader.Answer;
import workshop.grader.ChaffPatch;
import workshop.grader.CheckReport.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves each exercise's checks with known answers: the reference answer compiles cleanly, every
 * wheat passes every check, every chaff fails the checks its header names (only those run for it), and the untouched stub
 * fails every check but those its README says pass from the start, fast.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run proves the checks by repetition instead")
class AnswersTest {

    /** An untouched stub's whole run of checks must end within this bound. */
    private static final Duration STUB_RUN_WITHIN = Duration.ofSeconds(30);

    /** Per exercise graded so far: how many checks it has, and how many its untouched stub passes. */
    private static final Map<String, int[]> STUB_COUNTS = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicNode> every_exercise() {
        Stream<DynamicNode> exercises = Exercise.selected().stream().map(exercise -> DynamicContainer.dynamicContainer(exercise.folder(), Stream.of(
                DynamicTest.dynamicTest("the reference answer compiles without warnings", () -> compilesCleanly(exercise, exercise.reference())),
                DynamicTest.dynamicTest("the untouched stub compiles without warnings", () -> compilesCleanly(exercise, exercise.stub())),
                DynamicTest.dynamicTest("the untouched stub fails its checks, fast", () -> stubFails(exercise)),
                DynamicContainer.dynamicContainer("wheats pass every check", exercise.wheats().stream()
                        .map(wheat -> DynamicTest.dynamicTest(shortName(wheat), () -> wheatPasses(exercise, wheat)))),
                DynamicContainer.dynamicContainer("chaffs are caught by the check they name", exercise.chaffs().stream()
                        .map(chaff -> DynamicTest.dynamicTest(shortName(chaff), () -> chaffIsCaught(exercise, chaff)))))));
        return Stream.concat(exercises, Stream.of(DynamicTest.dynamicTest("the sample progress table counts every check", AnswersTest::progressSampleCountsEveryCheck)));
    }

    private static void compilesCleanly(Exercise exercise, String answer) {
        Answer compiled = Answer.resolve(answer, exercise.folder(), exercise.mainClass());
        assertThat(compiled.warnings()).as("compiler warnings for %s", answer).isEmpty();
    }

    private static void stubFails(Exercise exercise) throws IOException {
        CheckRun run = CheckRun.of(exercise, exercise.stub());
        System.out.println(run.summary());

        assertThat(run.names()).as("checks run against the stub").isNotEmpty();
        assertThat(run.withOutcome(Outcome.PASSED))
                .as("checks the untouched stub passes; its README lists those that pass from the start\n%s", run.report())
                .isEqualTo(exercise.stubPasses());
        assertThat(run.took()).as("how long the checks take on an untouched stub").isLessThan(STUB_RUN_WITHIN);
        samplesCountEveryCheck(exercise, run.names().size(), exercise.stubPasses().size());
        STUB_COUNTS.put(exercise.folder(), new int[] {run.names().size(), exercise.stubPasses().size()});
    }

    /** The root README's sample progress table, of untouched exercises: its first line adds them all up. */
    private static void progressSampleCountsEveryCheck() throws IOException {
        Assumptions.assumeTrue(STUB_COUNTS.keySet().containsAll(Exercise.all().stream().map(Exercise::folder).toList()),
                "every exercise's stub was graded in this run");
        int checks = STUB_COUNTS.values().stream().mapToInt(counts -> counts[0]).sum();
        int passes = STUB_COUNTS.values().stream().mapToInt(counts -> counts[1]).sum();
        assertThat(Files.readString(Repository.root().resolve("README.md"))).as("the root README's sample progress table")
                .contains("Your progress: 0 of %d exercises done, %d of %d checks pass".formatted(STUB_COUNTS.size(), passes, checks));
    }

    /**
     * The sample reports in the READMEs count what a run counts: every "N of M checks pass" line for
     * this exercise has its real number of checks, and every line of a sample progress table (the
     * untouched exercises) has the stub's count as well.
     */
    private static void samplesCountEveryCheck(Exercise exercise, int checks, int stubPasses) throws IOException {
        Pattern report = Pattern.compile("^" + Pattern.quote(exercise.folder()) + ": (\\d+) of (\\d+) checks pass$", Pattern.MULTILINE);
        Pattern table = Pattern.compile("^ +" + Pattern.quote(exercise.folder()) + " +(\\d+) of +(\\d+) +\\[", Pattern.MULTILINE);
        for (Path readme : List.of(Repository.root().resolve("README.md"), Repository.root().resolve(exercise.folder()).resolve("README.md"))) {
            String text = Files.readString(readme);
            for (Matcher sample = report.matcher(text); sample.find(); ) {
                assertThat(Integer.parseInt(sample.group(2))).as("checks counted in the sample report in %s: %s", readme, sample.group()).isEqualTo(checks);
            }
            for (Matcher sample = table.matcher(text); sample.find(); ) {
                assertThat(sample.group(1) + " of " + sample.group(2)).as("an untouched exercise in the sample progress table in %s", readme)
                        .isEqualTo(stubPasses + " of " + checks);
            }
        }
    }

    private static void wheatPasses(Exercise exercise, String wheat) {
        compilesCleanly(exercise, wheat);
        CheckRun run = CheckRun.of(exercise, wheat);
        System.out.println(run.summary());

        assertThat(run.names()).as("checks run against %s", wheat).isNotEmpty();
        assertThat(run.withOutcome(Outcome.FAILED)).as("checks that fail the correct answer %s\n%s", wheat, run.report()).isEmpty();
    }

    private static void chaffIsCaught(Exercise exercise, String chaff) {
        List<String> named = caughtBy(chaff);
        appliesAndCompiles(exercise, chaff);

        // Only the checks it names run: the others prove nothing about this chaff.
        CheckRun run = CheckRun.of(exercise, chaff, named);
        System.out.println(run.summary());

        assertThat(run.names()).as("check names that %s's header can name", exercise.folder()).containsAll(named);
        assertThat(run.withOutcome(Outcome.FAILED)).as("checks that fail %s\n%s", chaff, run.report()).containsAll(named);
        Set<String> ran = new HashSet<>(run.names());
        ran.removeAll(run.withOutcome(Outcome.SKIPPED));
        assertThat(named).as("checks that ran for %s: only those it names", chaff).containsAll(ran);
    }

    /**
     * Applies and compiles a chaff, or fails with its own message: a patch that no longer applies, or
     * a chaff that no longer compiles, would otherwise fail every check of a run, and so look caught.
     */
    static void appliesAndCompiles(Exercise exercise, String chaff) {
        Answer.resolve(chaff, exercise.folder(), exercise.mainClass());
    }

    /** The checks a chaff's header names in its "Caught by:" lines. */
    static List<String> caughtBy(String chaff) {
        return ChaffPatch.read(Repository.root().resolve(chaff)).caughtBy();
    }


    private static String shortName(String answer) {
        return answer.substring(answer.lastIndexOf('/', answer.lastIndexOf('/') - 1) + 1).replaceFirst("\\.patch$", "");
    }

}
