package workshop.proof;

import com.sun.source.util.JavacTask;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import workshop.grader.Answer;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in an exercise's README is lines of its reference answer, word for word (up to
 * indentation), so the lesson cannot drift from code that compiles and passes the checks. And every
 * snippet compiles where its step puts it: the comment above its fence names the file and a line of
 * it ({@code <!-- in Foo.java, before: // TODO 2 -->}, or {@code replacing:}, which may name a span of
 * lines as {@code <first> … <last>}), each snippet goes there in the README's order, starting from
 * the untouched stub, and the result compiles with
 * {@code --release 17} and no warning. So a snippet cannot call a helper the learner was never shown.
 * Where a step also tells the learner in words to change the stub's own lines (exercise 04 renames
 * what its snippets replace), the snippets' lines must compile after each step, and the file must
 * still parse; the stub's lines the words cover may fail. A file with no TODO left once every
 * snippet is in is done, and must be the reference's file, up to indentation.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
class ReadmeSnippetsTest {

    /** A snippet, with the comment right above its fence if it has one: which file it goes into, and where. */
    private static final Pattern PLACED_BLOCK = Pattern.compile("(?:<!-- in (\\S+\\.java), (before|replacing): ([^\\n]+?) -->\\n)?```java\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> java_snippets_in_each_README_come_from_the_reference_answer() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Exercise exercise : Exercise.all()) {
            Path readme = Repository.root().resolve(exercise.folder()).resolve("README.md");
            List<String> snippets = snippets(readme);
            String reference = normalized(sourcesOf(Repository.root().resolve(exercise.reference())));
            for (int i = 0; i < snippets.size(); i++) {
                String snippet = snippets.get(i);
                tests.add(DynamicTest.dynamicTest(exercise.folder() + " README snippet " + (i + 1), () ->
                        assertThat(reference).as("the reference answer of %s, which snippet %s must come from", exercise.folder(), firstLine(snippet))
                                .contains(normalized(snippet))));
            }
        }
        return tests.stream();
    }

    /**
     * Exercises whose steps also tell the learner, in words, to change stub lines that no snippet
     * shows, each with the reason. For them the proof compiles after each step and asks that the
     * lines of every snippet placed so far compile without an error or a warning; the stub's own
     * lines that the words cover may still fail. The other exercises compile whole, once every
     * snippet is in.
     */
    private static final Map<String, String> OWN_LINES_ONLY = Map.of(
            "exercise-04-shared-state", "its steps replace the shared fields, and say in words how to change the stub's lines that use them");

    @TestFactory
    Stream<DynamicTest> java_snippets_in_each_README_compile_where_their_step_puts_them() {
        return Exercise.selected().stream().map(exercise -> DynamicTest.dynamicTest(exercise.folder(), () -> {
            boolean ownLinesOnly = OWN_LINES_ONLY.containsKey(exercise.folder());
            String text = Files.readString(Repository.root().resolve(exercise.folder()).resolve("README.md"));
            // Under target/, where a failure leaves the tree to look at; wiped on the next run.
            Path tree = Repository.root().resolve("solutions/target/snippets-in-place").resolve(exercise.folder());
            Repository.delete(tree);
            Path sources = tree.resolve("src");
            Repository.copy(Repository.root().resolve(exercise.stub()).resolve("src/main/java"), sources);
            // For each file a snippet went into: for each of its lines, the snippet it came from, or -1 for the stub's.
            Map<Path, List<Integer>> origins = new HashMap<>();
            List<String> firstLines = new ArrayList<>();
            Matcher block = PLACED_BLOCK.matcher(text);
            for (int i = 0; block.find(); i++) {
                String snippet = block.group(4);
                firstLines.add(firstLine(snippet));
                String where = "snippet " + (i + 1) + " of " + exercise.folder() + "/README.md (" + firstLine(snippet) + ")";
                assertThat(block.group(1))
                        .as("%s has the line <!-- in <File>.java, before: <a line of it> --> (or replacing:) right above its fence", where).isNotNull();
                place(sources, origins, i, block.group(1), block.group(2).equals("replacing"), block.group(3).strip(), snippet, where);
                if (ownLinesOnly && stepEndsAfter(text, block.end())) {
                    List<String> problems = inSnippets(compile(sources, tree.resolve("classes")), sources, origins, firstLines);
                    assertThat(problems).as("what javac %s says about the lines of %s's README snippets, placed in the stub up to %s (in %s); %s",
                            String.join(" ", Answer.JAVAC_OPTIONS), exercise.folder(), where, sources, OWN_LINES_ONLY.get(exercise.folder())).isEmpty();
                }
            }
            if (!ownLinesOnly) {
                List<String> problems = compile(sources, tree.resolve("classes")).stream().map(Problem::toString).collect(Collectors.toList());
                assertThat(problems).as("what javac %s says about the stub of %s with every README snippet in its place (in %s)",
                        String.join(" ", Answer.JAVAC_OPTIONS), exercise.folder(), sources).isEmpty();
            }
            // A file with no TODO left is done: it is the reference's file, so the stub's copy cannot drift from it.
            Path reference = Repository.root().resolve(exercise.reference()).resolve("src/main/java");
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                    String placed = Files.readString(file);
                    if (!placed.contains("TODO")) {
                        Path twin = reference.resolve(sources.relativize(file).toString());
                        assertThat(Files.exists(twin) ? normalized(Files.readString(twin)) : "(no such file in the reference)")
                                .as("%s of %s's reference: the stub's file with every README snippet in place has no TODO left, so it must be this (in %s)",
                                        sources.relativize(file), exercise.folder(), file)
                                .isEqualTo(normalized(placed));
                    }
                }
            }
        }));
    }

    /** True when no other snippet comes before the next step's heading (or the end of the README). */
    private static boolean stepEndsAfter(String text, int from) {
        int nextSnippet = text.indexOf("```java\n", from);
        int nextStep = text.indexOf("\n### ", from);
        return nextSnippet < 0 || (nextStep >= 0 && nextStep < nextSnippet);
    }

    /** The problems on lines that came from a snippet, each named by its snippet. */
    private static List<String> inSnippets(List<Problem> problems, Path sources, Map<Path, List<Integer>> origins, List<String> firstLines) {
        List<String> found = new ArrayList<>();
        for (Problem problem : problems) {
            List<Integer> lines = problem.file() == null ? null : origins.get(problem.file());
            int snippet = lines == null || problem.line() < 1 || problem.line() > lines.size() ? -1 : lines.get((int) problem.line() - 1);
            if (snippet >= 0) {
                found.add("snippet " + (snippet + 1) + " (" + firstLines.get(snippet) + "): " + problem);
            } else if (problem.parsing()) {
                // A snippet that leaves the stub's braces unbalanced: javac cannot even read the file.
                found.add("the file around the snippets: " + problem);
            }
        }
        return found;
    }

    /** Puts one snippet into its file, indented like the line it goes before or replaces. */
    private static void place(Path sources, Map<Path, List<Integer>> origins, int index, String fileName, boolean replacing, String anchor,
                              String snippet, String where) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.getFileName().toString().equals(fileName)).collect(Collectors.toList());
        }
        assertThat(files).as("files named %s in the stub, for %s", fileName, where).hasSize(1);
        Path file = files.get(0).toAbsolutePath().normalize();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        List<Integer> from = origins.computeIfAbsent(file, f -> new ArrayList<>(Collections.nCopies(lines.size(), -1)));
        // "replacing: <first> … <last>" replaces a span: from the line with <first> to the next with <last>.
        String[] span = anchor.split(" … ", 2);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().contains(span[0])) {
                at.add(i);
            }
        }
        assertThat(at).as("lines of %s (the stub and the snippets before) containing \"%s\", where %s goes", fileName, span[0], where).hasSize(1);
        int line = at.get(0);
        int last = line;
        if (span.length == 2) {
            assertThat(replacing).as("%s: only replacing: names a span of lines, \"<first> … <last>\"", where).isTrue();
            while (last < lines.size() && !lines.get(last).strip().contains(span[1])) {
                last++;
            }
            assertThat(last).as("a line of %s containing \"%s\" at or after line %d, where the span that %s replaces ends",
                    fileName, span[1], line + 1, where).isLessThan(lines.size());
        }
        String indent = lines.get(line).substring(0, lines.get(line).length() - lines.get(line).stripLeading().length());
        List<String> indented = snippet.lines().map(l -> l.isBlank() ? "" : indent + l).collect(Collectors.toList());
        if (replacing) {
            lines.subList(line, last + 1).clear();
            from.subList(line, last + 1).clear();
        }
        lines.addAll(line, indented);
        from.addAll(line, Collections.nCopies(indented.size(), index));
        Files.write(file, lines);
    }

    /** One error or warning of javac: where it points, whether javac found it while parsing, and its text. */
    private record Problem(Path file, long line, boolean parsing, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static List<Problem> compile(Path sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        Files.createDirectories(classes);
        List<String> options = new ArrayList<>(Answer.JAVAC_OPTIONS);
        // The stub's lines that a step changes in words may fail in many places: see every problem.
        options.addAll(List.of("-Xmaxerrs", "100000", "-Xmaxwarns", "100000", "-d", classes.toString()));
        int parsing;
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files));
            task.parse();
            // What javac says while it parses: the text is not Java at all, wherever the line came from.
            parsing = diagnostics.getDiagnostics().size();
            task.generate();
        }
        List<Problem> problems = new ArrayList<>();
        List<Diagnostic<? extends JavaFileObject>> all = diagnostics.getDiagnostics();
        for (int i = 0; i < all.size(); i++) {
            Diagnostic<? extends JavaFileObject> d = all.get(i);
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            Path file = d.getSource() == null ? null : Path.of(d.getSource().toUri()).toAbsolutePath().normalize();
            problems.add(new Problem(file, d.getLineNumber(), i < parsing,
                    (file == null ? "" : sources.toAbsolutePath().normalize().relativize(file) + ":" + d.getLineNumber() + ": ")
                    + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT)));
        }
        return problems;
    }

    private static List<String> snippets(Path readme) {
        try {
            Matcher m = PLACED_BLOCK.matcher(Files.readString(readme));
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group(4));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sourcesOf(Path answer) {
        try (Stream<Path> files = Files.walk(answer.resolve("src/main/java"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                all.append(Files.readString(file)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each line stripped of its indentation; blank lines kept as empty lines. */
    private static String normalized(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining("\n"));
    }

    private static String firstLine(String snippet) {
        return snippet.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }
}
