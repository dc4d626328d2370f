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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a teacher gives Classroom 50 grades the workshop as one assignment: a zero-point setup test
 * that fetches the build, then one {@code run} test per exercise of the root pom with the learner's
 * own command, within Classroom 50's limits, and a runtime block that pins the pom's Java release.
 * The files are what {@code bin/classroom-config} writes.
 *
 * <p>The limits are those of Classroom 50's declarative tests, read from its wiki (Autograding
 * Basics: the fields table; Autograder Recipes; Advanced Autograding: the runtime block) and from its
 * declarative grader's tests (cli/gh-teacher/autograders_tests/test_declarative_grader.py).
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ClassroomConfigTest {

    static final String TESTS = ".github/classroom50/tests.json";
    static final String RUNTIME = ".github/classroom50/runtime.json";

    /** The learner's per-exercise command, as the grading runner runs it. */
    private static final Pattern COMMAND = Pattern.compile("\\./mvnw --batch-mode test -pl (exercise-\\d+-[a-z0-9-]+)");
    private static final Pattern RELEASE = Pattern.compile("<maven\\.compiler\\.release>(\\d+)</maven\\.compiler\\.release>");
    private static final Set<String> FIELDS_OF_A_RUN_TEST = Set.of("name", "type", "run", "setup", "timeout", "exit-code", "points");

    private final Path root = Repository.root();

    @Test
    void every_test_is_a_run_test_within_Classroom_50s_limits() {
        List<JsonNode> tests = tests();

        assertThat(tests).as("tests (at most 100 per assignment)").isNotEmpty().hasSizeLessThanOrEqualTo(100);
        Set<String> names = new HashSet<>();
        for (JsonNode test : tests) {
            String name = test.path("name").asString();
            assertThat(test.propertyNames()).as("fields of test %s", name).isSubsetOf(FIELDS_OF_A_RUN_TEST);
            assertThat(name).as("a test's name").isNotBlank().doesNotContainPattern("\\p{Cntrl}");
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).as("UTF-8 bytes of the name %s", name).isLessThanOrEqualTo(100);
            assertThat(names.add(name)).as("the name %s is unique", name).isTrue();
            assertThat(test.path("type").asString()).as("type of %s", name).isEqualTo("run");
            assertThat(test.path("run").asString()).as("run of %s", name).isNotBlank();
            assertThat(test.path("timeout").isIntegralNumber()).as("timeout of %s is whole seconds", name).isTrue();
            assertThat(test.path("timeout").asInt()).as("timeout in seconds of %s", name).isBetween(1, 600);
            assertThat(test.path("points").isIntegralNumber()).as("points of %s are a whole number", name).isTrue();
            assertThat(test.path("points").asInt()).as("points of %s", name).isBetween(0, 1000);
        }
    }

    @Test
    void the_first_test_fetches_the_build_for_no_points_so_no_exercise_pays_for_downloads() throws IOException {
        JsonNode setup = tests().get(0);

        assertThat(setup.path("name").asString()).isEqualTo("setup");
        assertThat(setup.path("points").asInt()).as("points of setup").isZero();
        assertThat(setup.path("run").asString()).isEqualTo("sh bin/fetch-build --learner");
        assertThat(Files.readString(root.resolve("bin/fetch-build"))).as("bin/fetch-build")
                .contains("\"--learner\"").contains("./mvnw --batch-mode clean test -P progress");
        assertThat(setup.path("timeout").asInt()).as("timeout of setup, in seconds")
                .isGreaterThanOrEqualTo(tests().get(1).path("timeout").asInt());
    }

    @Test
    void then_one_test_per_exercise_with_points_and_the_learners_command() {
        List<JsonNode> exercises = tests().subList(1, tests().size());

        assertThat(exercises).extracting(t -> t.path("name").asString()).as("tests after setup")
                .containsExactlyElementsOf(Exercise.all().stream().map(Exercise::folder).collect(Collectors.toList()));
        for (JsonNode test : exercises) {
            String name = test.path("name").asString();
            assertThat(runsHere(test.path("run").asString())).as("module of %s", test.path("run")).isEqualTo(name);
            assertThat(test.path("points").asInt()).as("points of %s", name).isPositive();
        }
    }

    @Test
    void the_runtime_pins_the_Java_release_the_workshop_is_built_for() throws IOException {
        JsonNode runtime = new JsonMapper().readTree(root.resolve(RUNTIME).toFile());

        Matcher release = RELEASE.matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(release.find()).as("maven.compiler.release in the root pom").isTrue();
        assertThat(runtime.propertyNames()).as("fields of the runtime block").containsExactlyInAnyOrder("runs-on", "java");
        assertThat(runtime.path("java").asString()).as("java of the runtime block").isEqualTo(release.group(1)).isEqualTo("17");
        assertThat(runtime.path("runs-on").asString()).as("a Linux runner, where every check runs").startsWith("ubuntu-");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/classroom-config is a POSIX shell script")
    void the_files_are_what_bin_classroom_config_writes(@TempDir Path copy) throws IOException {
        Path script = scriptIn(copy);

        Command.Result result = Command.run(copy, Duration.ofSeconds(30), List.of("sh", script.toString()));

        assertThat(result.status()).as("exit status of bin/classroom-config\n%s", result.output()).isZero();
        for (String file : List.of(TESTS, RUNTIME)) {
            assertThat(Files.readString(root.resolve(file))).as("%s is out of date: run bin/classroom-config", file)
                    .isEqualTo(Files.readString(copy.resolve(file)));
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/classroom-config is a POSIX shell script")
    void bin_classroom_config_refuses_values_Classroom_50_would_reject(@TempDir Path copy) throws IOException {
        Path script = scriptIn(copy);

        for (Map<String, String> wrong : List.of(Map.of("POINTS", "ten"), Map.of("POINTS", "1001"),
                Map.of("TIMEOUT_SECONDS", "0"), Map.of("SETUP_TIMEOUT_SECONDS", "601"))) {
            Command.Result result = Command.run(copy, Duration.ofSeconds(30), List.of("sh", script.toString()), wrong);
            String variable = wrong.keySet().iterator().next();
            assertThat(result.status()).as("exit status with %s\n%s", wrong, result.output()).isNotZero();
            assertThat(result.output()).as("message with %s", wrong).contains(variable + " must be a whole number from");
            assertThat(copy.resolve(TESTS)).as("no file written with %s", wrong).doesNotExist();
        }
    }

    private Path scriptIn(Path copy) throws IOException {
        Files.createDirectories(copy.resolve("bin"));
        Files.copy(root.resolve("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(root.resolve("bin/exercises"), copy.resolve("bin/exercises"), StandardCopyOption.COPY_ATTRIBUTES);
        return Files.copy(root.resolve("bin/classroom-config"), copy.resolve("bin/classroom-config"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private List<JsonNode> tests() {
        JsonNode parsed = new JsonMapper().readTree(root.resolve(TESTS).toFile());
        assertThat(parsed.isArray()).as("%s is a JSON array, the form gh teacher assignment add --tests reads", TESTS).isTrue();
        return new ArrayList<>(parsed.values());
    }

    /** The exercise module a command grades, after checking that it is the learner's command and can run here. */
    private String runsHere(String command) {
        Matcher m = COMMAND.matcher(command);
        assertThat(m.matches()).as("%s is the learner's command, ./mvnw --batch-mode test -pl <exercise>", command).isTrue();
        assertThat(root.resolve("mvnw")).as("the Maven Wrapper").isExecutable();
        assertThat(root.resolve(m.group(1)).resolve("pom.xml")).as("the module's pom").isRegularFile();
        return m.group(1);
    }
}
