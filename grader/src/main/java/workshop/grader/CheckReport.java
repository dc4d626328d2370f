package workshop.grader;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Listens to a run of the checks and, when it ends, prints the graded report ({@link ReportText}).
 * Registered with the JUnit Platform through {@code META-INF/services}, so every run of checks
 * prints it, from Maven, an IDE or the proof tests.
 *
 * <p>The registered report also writes every check's outcome to the {@link ResultsFile}, one line
 * per check, for tools that read many exercises' results at once (the workshop's progress table).
 * The setting {@value #REPORT_SETTING}{@code =quiet} leaves the printed report out, and
 * {@value #RUN_SETTING} names the run, so a reader can tell this run's results from older ones.
 */
public final class CheckReport implements TestExecutionListener {

    /** {@code quiet} leaves the printed report out (the results file is still written). */
    public static final String REPORT_SETTING = "workshop.report";

    /** A name for this run, written on every line of the results file. */
    public static final String RUN_SETTING = "workshop.run";

    private final Map<TestIdentifier, Result> results = new LinkedHashMap<>();
    private final Map<TestIdentifier, Result> otherTests = new LinkedHashMap<>();
    private final CompilerNotes compiler = new CompilerNotes();
    private TestPlan plan;
    private final PrintStream out;
    private final Path resultsFile;

    public CheckReport() {
        this(new PrintStream(System.out, true, StandardCharsets.UTF_8), Path.of(ResultsFile.PATH));
    }

    /** A report that prints to {@code out}: for runs of the checks inside other tests. */
    public CheckReport(PrintStream out) {
        this(out, null);
    }

    private CheckReport(PrintStream out, Path resultsFile) {
        this.out = out;
        this.resultsFile = resultsFile;
    }

    /**
     * One check's outcome, by the check's plain-English name; {@code hint} is the hint's lines as the
     * report prints them under a failure ({@link HintText}), empty unless the check failed.
     */
    public record Result(String exercise, String name, int step, String hint, Outcome outcome, String message) {
    }

    /** Passed, failed (an error counts as a failure), or skipped with a reason. */
    public enum Outcome { PASSED, FAILED, SKIPPED }

    /** Every check's outcome so far, in the order they finished. */
    public synchronized List<Result> results() {
        return List.copyOf(results.values());
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        results.clear();
        otherTests.clear();
        compiler.clear();
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        compiler.noteEntry(entry);
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            Optional<Result> check = check(test);
            check.ifPresent(r -> results.put(test, new Result(r.exercise(), r.name(), r.step(), r.hint(), Outcome.SKIPPED, reason)));
            if (check.isEmpty()) {
                otherTests.put(test, new Result("", testName(test), 0, "", Outcome.SKIPPED, reason == null ? "" : reason));
            }
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        Outcome outcome = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? Outcome.PASSED
                : result.getStatus() == TestExecutionResult.Status.ABORTED ? Outcome.SKIPPED
                : Outcome.FAILED;
        String message = result.getThrowable().map(ReportText::explain).orElse("");
        Optional<Result> check = check(test);
        check.ifPresent(r -> results.put(test, new Result(r.exercise(), r.name(), r.step(),
                outcome == Outcome.FAILED ? hint(test, message) : "", outcome, message)));
        check.ifPresent(r -> result.getThrowable().ifPresent(failure -> compiler.noteFailure(r.exercise(), failure)));
        if (check.isEmpty()) {
            otherTests.put(test, new Result("", testName(test), 0, "", outcome, message));
        }
    }

    /** A test that is not a check (the grader's and the proof's own tests): class › name. */
    private String testName(TestIdentifier test) {
        List<String> names = new ArrayList<>();
        for (Optional<TestIdentifier> at = Optional.of(test); at.isPresent(); at = plan.getParent(at.get())) {
            if (at.get().getParentId().isPresent()) {
                names.add(0, at.get().getDisplayName());
            }
        }
        return String.join(" › ", names);
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        Map<String, List<Result>> byExercise = results.values().stream()
                .collect(Collectors.groupingBy(Result::exercise, LinkedHashMap::new, Collectors.toList()));
        String answer = testPlan.getConfigurationParameters().get(Answer.SETTING).map(String::trim).orElse("");
        boolean quiet = testPlan.getConfigurationParameters().get(REPORT_SETTING).map(String::trim).filter("quiet"::equals).isPresent();
        if (resultsFile != null && !results.isEmpty()) {
            String run = testPlan.getConfigurationParameters().get(RUN_SETTING).map(String::trim).orElse("");
            ResultsFile.write(resultsFile, run, answer, List.copyOf(results.values()));
        }
        if (!quiet) {
            byExercise.forEach((exercise, checks) -> out.print(compiler.notCompiling(exercise, answer)
                    .orElseGet(() -> ReportText.render(exercise, answer, checks) + compiler.warnings(exercise))));
        }
        if (!otherTests.isEmpty()) {
            String module = String.valueOf(java.nio.file.Path.of("").toAbsolutePath().getFileName());
            out.print(ReportText.renderOtherTests(module, List.copyOf(otherTests.values())));
        }
        out.flush();
    }

    private Optional<Result> check(TestIdentifier test) {
        Optional<MethodSource> source = methodOf(test);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        Class<?> type = source.get().getJavaClass();
        Optional<Checks> checks = GraderExtension.checksOf(type);
        if (checks.isEmpty()) {
            return Optional.empty();
        }
        Hint hint = source.get().getJavaMethod().getAnnotation(Hint.class);
        return Optional.of(new Result(checks.get().exercise(), displayName(test), hint == null ? 0 : hint.step(),
                "", Outcome.FAILED, ""));
    }

    /** The hint lines of a failed check: {@link HintText}. */
    private static String hint(TestIdentifier test, String message) {
        return methodOf(test)
                .map(source -> HintText.of(source.getJavaClass(), source.getJavaMethod().getAnnotation(Hint.class), message))
                .orElse("");
    }

    private static Optional<MethodSource> methodOf(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
    }

    /** The check's name; inside a @Nested situation, prefixed with it: "when … › does …". */
    private String displayName(TestIdentifier test) {
        List<String> names = new ArrayList<>();
        names.add(test.getDisplayName());
        Set<TestIdentifier> seen = new HashSet<>();
        for (Optional<TestIdentifier> parent = plan.getParent(test); parent.isPresent() && seen.add(parent.get()); parent = plan.getParent(parent.get())) {
            TestIdentifier p = parent.get();
            boolean nested = p.getSource().filter(org.junit.platform.engine.support.descriptor.ClassSource.class::isInstance)
                    .map(s -> ((org.junit.platform.engine.support.descriptor.ClassSource) s).getJavaClass())
                    .map(c -> c.getEnclosingClass() != null && c.getAnnotation(Checks.class) == null)
                    .orElse(false);
            if (nested) {
                names.add(0, p.getDisplayName());
            }
        }
        return String.join(" › ", names);
    }
}
