package workshop.proof;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in an exercise's README is lines of its reference answer, word for word (up to
 * indentation), so the lesson cannot drift from code that compiles and passes the checks. And every
 * snippet compiles where its step puts it: the comment above its fence names the file and a line of
 * it ({@code <!-- in Foo.java, before: // TODO 2 -->}, or {@code replacing:}), each snippet goes
 * there in the README's order, starting from the untouched stub, and the result compiles with
 * {@code --release 17} and no warning. So a snippet cannot call a helper the learner was never shown.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    /** The comment right above a snippet's fence: which file it goes into, and where. */
    private static final Pattern PLACE = Pattern.compile("<!-- in (\\S+\\.java), (before|replacing): (.+?) -->\\n```java\\n");

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
     * Exercises whose snippets are not placed yet, each with the reason: the proof is skipped for
     * them, by name, and says so.
     */
    private static final Map<String, String> NOT_PLACED_YET = Map.of(
            "exercise-04-shared-state", "its snippets replace the stub's shared fields, so in place they need the whole methods that use them");

    @TestFactory
    Stream<DynamicTest> java_snippets_in_each_README_compile_where_their_step_puts_them() {
        return Exercise.selected().stream().map(exercise -> DynamicTest.dynamicTest(exercise.folder(), () -> {
            Assumptions.assumeTrue(!NOT_PLACED_YET.containsKey(exercise.folder()),
                    () -> "snippets not placed yet: " + NOT_PLACED_YET.get(exercise.folder()));
            Path readme = Repository.root().resolve(exercise.folder()).resolve("README.md");
            String text = Files.readString(readme);
            List<String> snippets = snippets(readme);
            // Under target/, where a failure leaves the tree to look at; wiped on the next run.
            Path tree = Repository.root().resolve("solutions/target/snippets-in-place").resolve(exercise.folder());
            Repository.delete(tree);
            Path sources = tree.resolve("src");
            Repository.copy(Repository.root().resolve(exercise.stub()).resolve("src/main/java"), sources);
            Matcher block = JAVA_BLOCK.matcher(text);
            for (int i = 0; block.find(); i++) {
                String snippet = snippets.get(i);
                int fence = block.start() + "```java\n".length();
                Matcher place = PLACE.matcher(text).region(0, fence);
                MatchResult above = null;
                while (place.find()) {
                    above = place.toMatchResult();
                }
                String where = "snippet " + (i + 1) + " of " + exercise.folder() + "/README.md (" + firstLine(snippet) + ")";
                assertThat(above != null && above.end() == fence)
                        .as("%s has the line <!-- in <File>.java, before: <a line of it> --> (or replacing:) right above its fence", where).isTrue();
                place(sources, above.group(1), above.group(2).equals("replacing"), above.group(3).strip(), snippet, where);
            }
            List<String> problems = compile(sources, tree.resolve("classes"));
            assertThat(problems).as("what javac --release 17 -Xlint:all says about the stub of %s with every README snippet in its place (in %s)",
                    exercise.folder(), sources).isEmpty();
        }));
    }

    /** Puts one snippet into its file, indented like the line it goes before or replaces. */
    private static void place(Path sources, String fileName, boolean replacing, String anchor, String snippet, String where) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.getFileName().toString().equals(fileName)).collect(Collectors.toList());
        }
        assertThat(files).as("files named %s in the stub, for %s", fileName, where).hasSize(1);
        List<String> lines = new ArrayList<>(Files.readAllLines(files.get(0)));
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().contains(anchor)) {
                at.add(i);
            }
        }
        assertThat(at).as("lines of %s (the stub and the snippets before) containing \"%s\", where %s goes", fileName, anchor, where).hasSize(1);
        int line = at.get(0);
        String indent = lines.get(line).substring(0, lines.get(line).length() - lines.get(line).stripLeading().length());
        List<String> indented = snippet.lines().map(l -> l.isBlank() ? "" : indent + l).collect(Collectors.toList());
        if (replacing) {
            lines.remove(line);
        }
        lines.addAll(line, indented);
        Files.write(files.get(0), lines);
    }

    private static List<String> compile(Path sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        Files.createDirectories(classes);
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            javac.getTask(null, fileManager, diagnostics, List.of("--release", "17", "-Xlint:all", "-encoding", "UTF-8", "-d", classes.toString()),
                    null, fileManager.getJavaFileObjectsFromPaths(files)).call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                .map(d -> (d.getSource() == null ? "" : sources.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ")
                        + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }

    private static List<String> snippets(Path readme) {
        try {
            Matcher m = JAVA_BLOCK.matcher(Files.readString(readme));
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group(1));
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
