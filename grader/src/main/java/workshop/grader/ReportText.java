package workshop.grader;

import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;
import workshop.grader.CheckReport.Outcome;
import workshop.grader.CheckReport.Result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The graded report as text: one heading per exercise with how many checks pass, a ✔ or ✘ line per
 * check in README order and, under each ✘, the failure in plain words and the hint ({@link HintText}). Two checks that
 * failed for the same reason (an answer that never started fails them all) print that reason once.
 */
final class ReportText {

    private ReportText() {
    }

    /** The report for one exercise. */
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
                        text.append("      Failed for the same reason as \"").append(earlier).append("\", above");
                        // The reason itself, so that the name of the earlier check is not taken for it.
                        String reason = r.message().lines().map(String::strip).filter(line -> line.startsWith("Got:")).findFirst()
                                .map(got -> got.substring("Got:".length()).strip())
                                .orElse(r.message().lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(""));
                        if (!reason.isEmpty()) {
                            text.append(": ").append(reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason);
                        }
                        text.append(".\n");
                    } else {
                        text.append(indent(r.message(), "      ")).append('\n');
                        if (!r.hint().isEmpty()) {
                            text.append(indent(r.hint(), "      ")).append('\n');
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

    /**
     * For tests that are not checks (the grader's and the proof's own): every failure with its
     * message, then one closing line, {@code grader: 17 passed, 0 failed}.
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
            return multiple.getFailures().stream().map(ReportText::explain).collect(Collectors.joining("\n"));
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
