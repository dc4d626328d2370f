package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub Classroom's autograding file grades every exercise of the root pom on its own, with
 * points, through the learner's own command, and is what {@code bin/classroom-config} writes.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ClassroomConfigTest {

    /** The learner's per-exercise command, as CI runs it. */
    private static final Pattern COMMAND = Pattern.compile("\\./mvnw --batch-mode test -pl (exercise-\\d+-[a-z0-9-]+)");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*(exercise-\\d+-[^<\\s]+)\\s*</module>");

    private final Path root = Repository.root();

    @Test
    void autograding_json_has_one_test_per_exercise_with_points_and_the_learners_command() throws IOException {
        JsonNode parsed = new JsonMapper().readTree(Files.readString(root.resolve(".github/classroom/autograding.json")));

        List<JsonNode> tests = new ArrayList<>(parsed.path("tests").values());
        assertThat(tests).extracting(t -> t.path("name").asString()).as("test names").containsExactlyElementsOf(exerciseModules());
        for (JsonNode test : tests) {
            String name = test.path("name").asString();
            assertThat(test.propertyNames()).as("test %s", name)
                    .contains("setup", "run", "input", "output", "comparison", "timeout", "points");
            assertThat(runsHere(test.path("run").asString())).as("module of %s", test.path("run")).isEqualTo(name);
            assertThat(test.path("points").asInt()).as("points of %s", name).isPositive();
            assertThat(test.path("timeout").asInt()).as("timeout in minutes of %s", name).isBetween(1, 60);
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/classroom-config is a POSIX shell script")
    void the_files_are_what_bin_classroom_config_writes(@TempDir Path copy) throws IOException, InterruptedException {
        Files.createDirectories(copy.resolve("bin"));
        Files.copy(root.resolve("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(root.resolve("bin/exercises"), copy.resolve("bin/exercises"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path script = Files.copy(root.resolve("bin/classroom-config"), copy.resolve("bin/classroom-config"));
        Path log = copy.resolve("log.txt");

        Process process = new ProcessBuilder("sh", script.toString()).directory(copy.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("bin/classroom-config finished within 30 s").isTrue();
        assertThat(process.exitValue()).as("exit status of bin/classroom-config\n%s", Files.readString(log)).isZero();

        String file = ".github/classroom/autograding.json";
        assertThat(Files.readString(root.resolve(file))).as("%s is out of date: run bin/classroom-config", file)
                .isEqualTo(Files.readString(copy.resolve(file)));
    }

    /** The exercise module a command grades, after checking that it is the learner's command and can run here. */
    private String runsHere(String command) {
        Matcher m = COMMAND.matcher(command);
        assertThat(m.matches()).as("%s is the learner's command, ./mvnw --batch-mode test -pl <exercise>", command).isTrue();
        assertThat(root.resolve("mvnw")).as("the Maven Wrapper").isExecutable();
        assertThat(exerciseModules()).as("exercise modules of the root pom").contains(m.group(1));
        assertThat(root.resolve(m.group(1)).resolve("pom.xml")).as("the module's pom").isRegularFile();
        return m.group(1);
    }

    private List<String> exerciseModules() {
        try {
            Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")).replaceAll("(?s)<!--.*?-->", ""));
            List<String> modules = new ArrayList<>();
            while (m.find()) {
                modules.add(m.group(1));
            }
            return modules;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
