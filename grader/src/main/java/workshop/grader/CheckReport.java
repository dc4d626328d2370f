package workshop.grader;

import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Prints the graded report after the checks ran: one heading per exercise with how many checks
 * pass, a ✔ or ✘ line per check and, under each ✘, what was sent, expected and seen, and the hint.
 * Registered with the JUnit Platform through {@code META-INF/services}, so every run of checks
 * prints it, from Maven, an IDE or the proof tests.
 *
 * <p>Two checks that failed for the same reason (an answer that never started fails them all)
 * print that reason once.
 *
 * <p>The registered report also writes every check's outcome to {@value #RESULTS_FILE}, one line
 * per check, for tools that read many exercises' results at once (the workshop's progress table).
 * The setting {@value #REPORT_SETTING}{@code =quiet} leaves the printed report out, and
 * {@value #RUN_SETTING} names the run, so a reader can tell this run's results from older ones.
 */
public final class CheckReport implements TestExecutionListener {

    /** Where the registered report writes the results, relative to the working folder. */
    public static final String RESULTS_FILE = "target/check-results.tsv";

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
        this(new PrintStream(System.out, true, StandardCharsets.UTF_8), Path.of(RESULTS_FILE));
    }

    /** A report that prints to {@code out}: for runs of the checks inside other tests. */
    public CheckReport(PrintStream out) {
        this(out, null);
    }

    private CheckReport(PrintStream out, Path resultsFile) {
        this.out = out;
        this.resultsFile = resultsFile;
    }

    /** One check's outcome, by the check's plain-English name. */
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
        String message = result.getThrowable().map(CheckReport::explain).orElse("");
        Optional<Result> check = check(test);
        check.ifPresent(r -> results.put(test, new Result(r.exercise(), r.name(), r.step(), r.hint(), outcome, message)));
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

    /**
     * For tests that are not checks: every failure with its message, then one closing line,
     * {@code grader: 17 passed, 0 failed}.
     */
    static String renderOtherTests(String module, List<Result> tests) {
        StringBuilder text = new StringBuilder("\n");
        for (Result r : tests) {
            if (r.outcome() == Outcome.FAILED) {
                text.append("✘ ").append(r.name()).append('\n').append(indent(r.message(), "    ")).append('\n');
            }
        }
        long passed = tests.stream().filter(r -> r.outcome() == Outcome.PASSED).count();
        long failed = tests.stream().filter(r -> r.outcome() == Outcome.FAILED).count();
        long skipped = tests.size() - passed - failed;
        text.append(module).append(": ").append(passed).append(" passed, ").append(failed).append(" failed");
        if (skipped > 0) {
            text.append(", ").append(skipped).append(" skipped");
        }
        return text.append('\n').toString();
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        Map<String, List<Result>> byExercise = results.values().stream()
                .collect(Collectors.groupingBy(Result::exercise, LinkedHashMap::new, Collectors.toList()));
        String answer = testPlan.getConfigurationParameters().get(Answer.SETTING).map(String::trim).orElse("");
        boolean quiet = testPlan.getConfigurationParameters().get(REPORT_SETTING).map(String::trim).filter("quiet"::equals).isPresent();
        if (resultsFile != null && !results.isEmpty()) {
            String run = testPlan.getConfigurationParameters().get(RUN_SETTING).map(String::trim).orElse("");
            writeResults(resultsFile, run, answer, List.copyOf(results.values()));
        }
        if (!quiet) {
            byExercise.forEach((exercise, checks) -> out.print(compiler.notCompiling(exercise, answer)
                    .orElseGet(() -> render(exercise, answer, checks) + compiler.warnings(exercise))));
        }
        if (!otherTests.isEmpty()) {
            String module = String.valueOf(java.nio.file.Path.of("").toAbsolutePath().getFileName());
            out.print(renderOtherTests(module, List.copyOf(otherTests.values())));
        }
        out.flush();
        if (resultsFile != null) {
            // Watch mode (-P watch) goes on from here, after the first report; otherwise this returns.
            Watch.afterReport(testPlan);
        }
    }

    /**
     * The results as tab-separated lines, a header first, then one line per check in README order:
     * {@code run  answer  exercise  step  outcome  check}. Tabs and line breaks inside a value become
     * spaces, so every check is one line.
     */
    static String resultsTable(String run, String answer, List<Result> checks) {
        List<Result> sorted = new ArrayList<>(checks);
        sorted.sort(Comparator.comparing(Result::exercise).thenComparingInt(Result::step).thenComparing(Result::name));
        StringBuilder text = new StringBuilder("run\tanswer\texercise\tstep\toutcome\tcheck\n");
        for (Result r : sorted) {
            text.append(String.join("\t", oneLine(run), oneLine(answer), oneLine(r.exercise()), Integer.toString(r.step()),
                    r.outcome().name(), oneLine(r.name()))).append('\n');
        }
        return text.toString();
    }

    static void writeResults(Path file, String run, String answer, List<Result> checks) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, resultsTable(run, answer, checks), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the check results to " + file.toAbsolutePath(), e);
        }
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\t\r\n]+", " ");
    }

    /** The report for one exercise, as text. */
    static String render(String exercise, String answer, List<Result> checks) {
        List<Result> sorted = new ArrayList<>(checks);
        sorted.sort(Comparator.comparingInt(Result::step).thenComparing(Result::name));
        long passed = sorted.stream().filter(r -> r.outcome() == Outcome.PASSED).count();
        long graded = sorted.stream().filter(r -> r.outcome() != Outcome.SKIPPED).count();
        StringBuilder text = new StringBuilder("\n");
        text.append(exercise).append(": ").append(passed).append(" of ").append(graded).append(" checks pass");
        if (!answer.isEmpty()) {
            text.append("  (graded: ").append(answer).append(")");
        }
        text.append("\n\n");
        Map<String, String> firstWithMessage = new LinkedHashMap<>();
        for (Result r : sorted) {
            switch (r.outcome()) {
                case PASSED -> text.append("  ✔ ").append(r.name()).append('\n');
                case SKIPPED -> text.append("  – ").append(r.name()).append("  (skipped: ").append(r.message()).append(")\n");
                case FAILED -> {
                    text.append("  ✘ ").append(r.name()).append('\n');
                    String earlier = firstWithMessage.putIfAbsent(r.message(), r.name());
                    if (earlier != null) {
                        text.append("      Failed for the same reason as \"").append(earlier).append("\".\n");
                    } else {
                        text.append(indent(r.message(), "      ")).append('\n');
                        if (!r.hint().isEmpty()) {
                            text.append(indent("Hint (README step " + r.step() + "): " + r.hint(), "      ")).append('\n');
                        }
                    }
                }
            }
        }
        if (graded > passed) {
            text.append("\n  Fix the first ✘ first: later checks often fail for the same reason.\n");
        }
        return text.append('\n').toString();
    }

    private Optional<Result> check(TestIdentifier test) {
        Optional<MethodSource> source = test.getSource()
                .filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
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
                hint == null ? "" : hint.value(), Outcome.FAILED, ""));
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

    /** A failure in plain words: AssertJ's own text, without the stack trace or the test's code lines. */
    static String explain(Throwable failure) {
        Throwable t = failure;
        if (t instanceof ParameterResolutionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException) {
            return "This check did not finish within 15 s. The server may have taken a request and never answered it or never closed\n"
                    + "the connection; on a very busy machine it may only be slow. Run the checks again to tell which.";
        }
        if (t instanceof TestAbortedException) {
            // A skipped check: its reason, as the check wrote it.
            return String.valueOf(t.getMessage()).replaceFirst("^Assumption failed: ", "");
        }
        if (t instanceof MultipleFailuresError multiple) {
            return multiple.getFailures().stream().map(CheckReport::explain).collect(Collectors.joining("\n"));
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (!(t instanceof AssertionError)) {
            message = "The check itself could not run: " + t.getClass().getSimpleName() + ": " + message;
        }
        return message.lines()
                .filter(line -> !line.matches("\\s*at [\\w.$]+\\(.*\\.java:\\d+\\)\\s*"))
                .filter(line -> !line.matches("(Multiple Failures|-- failure \\d+ --).*"))
                .map(String::stripTrailing)
                .collect(Collectors.joining("\n"))
                .strip();
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(line -> line.isEmpty() ? "" : prefix + line).collect(Collectors.joining("\n"));
    }
}
