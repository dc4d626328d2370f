package workshop.progress;

import workshop.grader.Exercises;
import workshop.grader.ResultsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The learner's progress over every exercise, as one table: checks passing per exercise, a bar, and
 * the next thing to do, that is the first failing check of the first unfinished exercise.
 *
 * <p>It reads what each exercise's checks wrote in {@code target/check-results.tsv} (see the
 * grader's CheckReport) and keeps only the lines of this run, so results left from an older run
 * never count.
 */
final class ProgressTable {

    static final String RESULTS_FILE = ResultsFile.PATH;

    private static final int BAR_WIDTH = 20;

    /** One check's outcome: PASSED, FAILED or SKIPPED. */
    record Check(int step, String outcome, String name) {
    }

    /**
     * One exercise in this run: its checks, or none with the reason it was not graded.
     *
     * @param notGraded empty when the checks ran; otherwise why they did not
     */
    record Exercise(String folder, List<Check> checks, Optional<String> notGraded) {

        long passed() {
            return checks.stream().filter(c -> c.outcome().equals("PASSED")).count();
        }

        long graded() {
            return checks.stream().filter(c -> !c.outcome().equals("SKIPPED")).count();
        }

        long skipped() {
            return checks.size() - graded();
        }

        boolean done() {
            return notGraded.isEmpty() && passed() == graded();
        }

        Optional<Check> firstFailing() {
            return checks.stream().filter(c -> c.outcome().equals("FAILED")).findFirst();
        }
    }

    private ProgressTable() {
    }

    /** Every exercise of the workshop in {@code root}, with this run's results. */
    static List<Exercise> read(Path root, String run) {
        List<Exercise> exercises = new ArrayList<>();
        for (String folder : Exercises.of(root)) {
            exercises.add(read(root.resolve(folder), folder, run));
        }
        return exercises;
    }

    static Exercise read(Path module, String folder, String run) {
        // The build goes on past code that does not compile, and its checks then fail for that
        // reason alone: say so instead of naming a check.
        if (!compiles(module)) {
            return new Exercise(folder, List.of(), Optional.of("does not compile yet"));
        }
        Path file = module.resolve(RESULTS_FILE);
        List<Check> checks = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : readString(file).lines().skip(1).collect(Collectors.toList())) {
                String[] cells = line.split("\t", -1);
                if (cells.length == 6 && cells[0].equals(run) && cells[2].equals(folder)) {
                    checks.add(new Check(Integer.parseInt(cells[3]), cells[4], cells[5]));
                }
            }
        }
        return checks.isEmpty()
                ? new Exercise(folder, List.of(), Optional.of("not graded in this run"))
                : new Exercise(folder, checks, Optional.empty());
    }

    /** The learner's code compiled if this run's build left classes (a failed compile leaves none). */
    private static boolean compiles(Path module) {
        Path classes = module.resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(classes)) {
            return files.anyMatch(p -> p.toString().endsWith(".class"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table, with the next step under it. */
    static String render(List<Exercise> exercises) {
        int width = exercises.stream().mapToInt(e -> e.folder().length()).max().orElse(10);
        long passed = exercises.stream().mapToLong(Exercise::passed).sum();
        long graded = exercises.stream().mapToLong(Exercise::graded).sum();
        long done = exercises.stream().filter(Exercise::done).count();
        StringBuilder text = new StringBuilder("\n");
        text.append(String.format("Your progress: %d of %d exercises done, %d of %d checks pass%n%n",
                done, exercises.size(), passed, graded));
        for (Exercise e : exercises) {
            text.append("  ").append(pad(e.folder(), width)).append("  ");
            if (e.notGraded().isPresent()) {
                text.append(e.notGraded().get());
            } else {
                text.append(String.format("%2d of %2d  %s", e.passed(), e.graded(), bar(e.passed(), e.graded())));
                if (e.done()) {
                    text.append("  done");
                }
                if (e.skipped() > 0) {
                    text.append("  (").append(e.skipped()).append(" skipped)");
                }
            }
            text.append('\n');
        }
        text.append('\n').append(next(exercises)).append("\n\n");
        return text.toString();
    }

    /** The next thing to do: the first failing check of the first exercise not done yet. */
    static String next(List<Exercise> exercises) {
        Optional<Exercise> unfinished = exercises.stream().filter(e -> !e.done()).findFirst();
        if (unfinished.isEmpty()) {
            return "  next: nothing left, every check passes. Can you explain every line of your servers out loud?";
        }
        Exercise e = unfinished.get();
        String details = "        ./mvnw test -pl " + e.folder() + "   shows every check, what it saw, and a hint";
        if (e.notGraded().isPresent()) {
            return "  next: " + e.folder() + " — " + e.notGraded().get()
                    + (e.notGraded().get().startsWith("does not compile") ? ": fix what the compiler says above" : "") + "\n" + details;
        }
        Check first = e.firstFailing().orElseThrow();
        return "  next: " + e.folder() + " — " + first.name() + " (README step " + first.step() + ")\n" + details;
    }

    static String bar(long passed, long graded) {
        int filled = graded == 0 ? 0 : (int) (BAR_WIDTH * passed / graded);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
