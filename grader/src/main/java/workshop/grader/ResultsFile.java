package workshop.grader;

import workshop.grader.CheckReport.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every check's outcome as a file, for tools that read many exercises' results at once (the
 * workshop's progress table): {@value #PATH} in the module the checks ran in, a header, then one
 * tab-separated line per check, {@code run  answer  exercise  step  outcome  check}.
 */
public final class ResultsFile {

    /** Where the registered report writes the results, relative to the working folder. */
    public static final String PATH = "target/check-results.tsv";

    private ResultsFile() {
    }

    /**
     * The results as tab-separated lines, a header first, then one line per check in README order.
     * Tabs and line breaks inside a value become spaces, so every check is one line.
     */
    static String table(String run, String answer, List<Result> checks) {
        List<Result> sorted = new ArrayList<>(checks);
        sorted.sort(Comparator.comparing(Result::exercise).thenComparingInt(Result::step).thenComparing(Result::name));
        StringBuilder text = new StringBuilder("run\tanswer\texercise\tstep\toutcome\tcheck\n");
        for (Result r : sorted) {
            text.append(String.join("\t", oneLine(run), oneLine(answer), oneLine(r.exercise()), Integer.toString(r.step()),
                    r.outcome().name(), oneLine(r.name()))).append('\n');
        }
        return text.toString();
    }

    static void write(Path file, String run, String answer, List<Result> checks) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, table(run, answer, checks), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the check results to " + file.toAbsolutePath(), e);
        }
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\t\r\n]+", " ");
    }
}
