package workshop.proof;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import workshop.grader.Answer;
import workshop.grader.CheckReport;
import workshop.grader.Checks;
import workshop.grader.CheckReport.Outcome;
import workshop.grader.CheckReport.Result;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs one exercise's checks against one answer, in this JVM, through the JUnit Platform: the very
 * check classes the learner runs, told which answer to grade by the grader's setting.
 *
 * @param answer  the answer, as the grader setting names it
 * @param results every check's outcome
 * @param report  the report a learner would have seen, for failure messages
 * @param took    how long the whole run took
 */
record CheckRun(String answer, List<Result> results, String report, Duration took) {

    static CheckRun of(Exercise exercise, String answer) {
        return of(exercise, answer, List.of());
    }

    /** Runs only the checks named, when any are; the others are reported skipped. */
    static CheckRun of(Exercise exercise, String answer, List<String> only) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CheckReport report = new CheckReport(new PrintStream(text, true, StandardCharsets.UTF_8));
        LauncherDiscoveryRequest request = request()
                .selectors(selectClass(exercise.checkClass()))
                .configurationParameter(Answer.SETTING, answer)
                .configurationParameter(Checks.ONLY_SETTING, String.join("\n", only))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .build();
        // Only our report listens: the proof prints one line per answer, not a learner's report.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        long start = System.nanoTime();
        launcher.execute(request, report);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new CheckRun(answer, report.results(), text.toString(StandardCharsets.UTF_8), took);
    }

    Map<String, Outcome> outcomes() {
        return results.stream().collect(Collectors.toMap(Result::name, Result::outcome, (a, b) -> a));
    }

    Set<String> names() {
        return outcomes().keySet();
    }

    Set<String> withOutcome(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).map(Result::name).collect(Collectors.toSet());
    }

    long passed() {
        return results.stream().filter(r -> r.outcome() == Outcome.PASSED).count();
    }

    /** One line for the proof's own log: the answer, how many checks passed, how long it took. */
    String summary() {
        String label = answer.startsWith("solutions/") ? answer : answer + " (untouched stub)";
        long skipped = withOutcome(Outcome.SKIPPED).size();
        return String.format("%-70s %2d of %2d checks pass%s  (%.1f s)", label, passed(), results.size() - skipped,
                skipped == 0 ? "" : ", " + skipped + " skipped", took.toMillis() / 1000.0);
    }
}
