package workshop.grader;

import org.junit.platform.engine.reporting.ReportEntry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the compiler said about each exercise's answer in one run of the checks, for the report.
 *
 * <p>An answer that does not compile fails every check for that one reason; the report then shows
 * the compiler's errors once, in place of a ✘ per check with a hint about a README step that has
 * nothing to do with a missing semicolon. An answer that compiled with warnings is graded as usual,
 * and its warnings follow the report: shown, never fatal.
 */
final class CompilerNotes {

    /** The report entry, published by {@link GraderExtension}, that carries an answer's warnings. */
    private static final String WARNINGS_OF = "compiler warnings of ";

    private final Map<String, List<String>> errors = new LinkedHashMap<>();
    private final Map<String, List<String>> warnings = new LinkedHashMap<>();

    /** The key under which an exercise's warnings are published as a JUnit report entry. */
    static String warningsKey(String exercise) {
        return WARNINGS_OF + exercise;
    }

    synchronized void clear() {
        errors.clear();
        warnings.clear();
    }

    /** Notes the compiler's errors if {@code failure}, or one of its causes, is an answer that does not compile. */
    synchronized void noteFailure(String exercise, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Answer.AnswerDoesNotCompile notCompiling) {
                errors.putIfAbsent(exercise, notCompiling.messages());
                return;
            }
        }
    }

    synchronized void noteEntry(ReportEntry entry) {
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.startsWith(WARNINGS_OF)) {
                warnings.put(key.substring(WARNINGS_OF.length()), value.lines().collect(Collectors.toList()));
            }
        });
    }

    /** The report for an exercise whose answer did not compile, or empty if it compiled. */
    synchronized Optional<String> notCompiling(String exercise, String answer) {
        List<String> messages = errors.get(exercise);
        if (messages == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("\n").append(exercise).append(" does not compile yet, so no check could run");
        if (!answer.isEmpty()) {
            text.append("  (graded: ").append(answer).append(")");
        }
        text.append("\n\n");
        messages.forEach(message -> text.append(indent(message)).append('\n'));
        return Optional.of(text.append("\n  Fix what the compiler says, save, and run the checks again.\n\n").toString());
    }

    /** The warnings of an exercise's answer, to print after its report; empty if there were none. */
    synchronized String warnings(String exercise) {
        List<String> lines = warnings.getOrDefault(exercise, List.of());
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("  The compiler warned (your code ran all the same; a warning often points at a mistake):\n");
        lines.forEach(line -> text.append(indent("  " + line)).append('\n'));
        return text.append('\n').toString();
    }

    private static String indent(String text) {
        return text.lines().map(line -> line.isEmpty() ? "" : "  " + line).collect(Collectors.joining("\n"));
    }
}
