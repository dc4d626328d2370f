package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root README's commands can run here: the first one is the progress command, every profile,
 * module and script they name exists, and the Windows table has a form of each command.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadmeCommandsTest {

    private static final Pattern BLOCK = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL);

    private final Path root = Repository.root();

    @Test
    void the_first_command_is_the_progress_table() throws IOException {
        Matcher first = BLOCK.matcher(readme());

        assertThat(first.find()).as("a command block in README.md").isTrue();
        assertThat(first.group(1).strip()).isEqualTo("./mvnw test -P progress");
    }

    @Test
    void every_profile_module_and_script_the_readme_names_exists() throws IOException {
        String readme = readme();
        String pom = Files.readString(root.resolve("pom.xml"));

        List<String> profiles = all(readme, "(?:\\./mvnw|mvnw\\.cmd)[^\\n`]*? -P ([a-z,]+)");
        assertThat(profiles).as("profiles named in README.md").contains("progress", "watch", "maintainers");
        for (String profile : profiles) {
            assertThat(pom).as("the root pom, for profile %s", profile).contains("<id>" + profile + "</id>");
        }
        for (String module : all(readme, "(?:\\./mvnw|mvnw\\.cmd)[^\\n`]*? -pl ([a-z0-9-]+)")) {
            assertThat(root.resolve(module).resolve("pom.xml")).as("module %s named in README.md", module).isRegularFile();
        }
        List<String> scripts = all(readme, "(?<![\\w/.])(bin/[a-z-]+)");
        assertThat(scripts).as("scripts named in README.md").contains("bin/solutions-branch", "bin/classroom-config");
        for (String script : scripts) {
            assertThat(root.resolve(script)).as("%s named in README.md", script).isExecutable();
        }
    }

    @Test
    void the_windows_table_has_a_form_of_every_learner_command() throws IOException {
        String readme = readme();
        String table = readme.substring(readme.indexOf("## Every command on Windows"));
        table = table.substring(0, table.indexOf("\n## "));

        for (String command : List.of("test -P progress", "test -pl exercise-01-hello-server", "test -pl exercise-01-hello-server -P watch",
                "verify -P maintainers")) {
            assertThat(table).as("the Windows table").contains("`./mvnw " + command + "`").contains("`mvnw.cmd " + command + "`");
        }
    }

    /**
     * The learner's code is compiled by the grader, not by a plain Maven compile, which writes no
     * classes for it: a command that runs the classes by hand must compile them with -P by-hand.
     */
    @Test
    void every_command_that_runs_an_exercise_by_hand_compiles_it_with_the_by_hand_profile() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        assertThat(pom).as("the root pom's profile by-hand").contains("<id>by-hand</id>");
        List<String> wrong = new ArrayList<>();
        for (Exercise exercise : Exercise.all()) {
            Path folder = root.resolve(exercise.folder());
            List<Path> files = new ArrayList<>(List.of(folder.resolve("README.md")));
            try (Stream<Path> sources = Files.walk(folder.resolve("src/main/java"))) {
                sources.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) {
                    if (line.matches(".*mvnw(\\.cmd)?( -q)?( -P [a-z-]+)? compile .*") && !line.contains("-P by-hand compile")) {
                        wrong.add(root.relativize(file) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(wrong).as("commands that compile an exercise without -P by-hand, so that its classes never appear").isEmpty();
    }

    private String readme() throws IOException {
        return Files.readString(root.resolve("README.md"));
    }

    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            for (String value : m.group(1).split(",")) {
                found.add(value);
            }
        }
        return found;
    }
}
