package workshop.proof;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in an exercise's README is lines of its reference answer, word for word (up to
 * indentation), so the lesson cannot drift from code that compiles and passes the checks.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

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
