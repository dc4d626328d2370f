package workshop.progress;

import workshop.progress.ProgressTable.Check;
import workshop.progress.ProgressTable.Exercise;

import java.util.List;
import java.util.Optional;

/**
 * The progress table in Markdown, for the page of a GitHub Actions run (its job summary): the same
 * counts as the terminal's table, one row per exercise with its first failing check, and the next
 * thing to do.
 */
final class ProgressMarkdown {

    /** Characters that Markdown would read as formatting or as a table cell's end. */
    private static final String SPECIAL = "\\`*_[]<>|#";

    private ProgressMarkdown() {
    }

    static String render(List<Exercise> exercises) {
        long passed = exercises.stream().mapToLong(Exercise::passed).sum();
        long graded = exercises.stream().mapToLong(Exercise::graded).sum();
        long done = exercises.stream().filter(Exercise::done).count();
        StringBuilder text = new StringBuilder();
        text.append(String.format("### Progress: %d of %d exercises done, %d of %d checks pass%n%n", done, exercises.size(), passed, graded));
        text.append("| exercise | checks that pass | first failing check |\n");
        text.append("| --- | --- | --- |\n");
        for (Exercise e : exercises) {
            text.append("| ").append(e.folder()).append(" | ").append(count(e)).append(" | ")
                    .append(e.firstFailing().map(ProgressMarkdown::check).orElse("")).append(" |\n");
        }
        text.append('\n').append(next(exercises)).append("\n\n");
        return text.toString();
    }

    private static String count(Exercise e) {
        if (e.notGraded().isPresent()) {
            return escape(e.notGraded().get());
        }
        String count = e.passed() + " of " + e.graded() + (e.done() ? " ✔ done" : "");
        return e.skipped() > 0 ? count + " (" + e.skipped() + " skipped)" : count;
    }

    private static String next(List<Exercise> exercises) {
        Optional<Exercise> unfinished = exercises.stream().filter(e -> !e.done()).findFirst();
        if (unfinished.isEmpty()) {
            return "Next: nothing left, every check passes. Can you explain every line of your servers out loud?";
        }
        Exercise e = unfinished.get();
        String what = e.firstFailing().map(ProgressMarkdown::check).orElseGet(() -> escape(e.notGraded().orElse("")));
        return "Next: **" + e.folder() + "**, " + what + ". On your machine, `./mvnw test -pl " + e.folder()
                + "` shows every check, what it saw, and a hint.";
    }

    private static String check(Check check) {
        return escape(check.name()) + " (README step " + check.step() + ")";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (SPECIAL.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
