package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub Classroom files grade every exercise of the root pom on its own, with points, through
 * the learner's own command, and are what {@code bin/classroom-config} writes. Both files are read
 * with small readers of their own (no new dependency): {@link MiniJson} and {@link MiniYaml}.
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
        Object parsed = MiniJson.parse(Files.readString(root.resolve(".github/classroom/autograding.json")));

        List<Map<String, Object>> tests = list(map(parsed).get("tests"));
        assertThat(tests).extracting(t -> t.get("name")).as("test names").containsExactlyElementsOf(exerciseModules());
        for (Map<String, Object> test : tests) {
            assertThat(test).as("test %s", test.get("name"))
                    .containsKeys("setup", "run", "input", "output", "comparison", "timeout", "points");
            assertThat(runsHere((String) test.get("run"))).as("module of %s", test.get("run")).isEqualTo(test.get("name"));
            assertThat((Double) test.get("points")).as("points of %s", test.get("name")).isPositive();
            assertThat((Double) test.get("timeout")).as("timeout in minutes of %s", test.get("name")).isBetween(1.0, 60.0);
        }
    }

    @Test
    void the_workflow_grades_each_exercise_in_its_own_step_and_reports_every_step() throws IOException {
        Map<String, Object> workflow = map(MiniYaml.parse(Files.readString(root.resolve(".github/workflows/classroom.yml"))));
        List<Map<String, Object>> tests = list(map(MiniJson.parse(Files.readString(root.resolve(".github/classroom/autograding.json")))).get("tests"));

        assertThat(workflow).containsKeys("name", "on", "permissions", "jobs");
        List<Map<String, Object>> jobs = new ArrayList<>();
        map(workflow.get("jobs")).values().forEach(job -> jobs.add(map(job)));
        assertThat(jobs).as("jobs").hasSize(1);
        List<Map<String, Object>> steps = list(jobs.get(0).get("steps"));

        List<Map<String, Object>> graders = steps.stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("classroom-resources/autograding-command-grader@"))
                .collect(Collectors.toList());
        assertThat(graders).extracting(s -> s.get("id")).as("grading steps").containsExactlyElementsOf(exerciseModules());
        for (int i = 0; i < graders.size(); i++) {
            Map<String, Object> with = map(graders.get(i).get("with"));
            String exercise = (String) graders.get(i).get("id");
            assertThat(with.get("test-name")).isEqualTo(exercise);
            assertThat(runsHere((String) with.get("command"))).as("module of %s", with.get("command")).isEqualTo(exercise);
            assertThat(with.get("command")).as("same command as autograding.json").isEqualTo(tests.get(i).get("run"));
            assertThat(Double.parseDouble((String) with.get("max-score"))).as("points of %s, as in autograding.json", exercise)
                    .isEqualTo(tests.get(i).get("points"));
        }

        Map<String, Object> reporter = steps.stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("classroom-resources/autograding-grading-reporter@"))
                .findFirst().orElseThrow(() -> new AssertionError("no grading reporter step in classroom.yml"));
        Map<String, Object> env = map(reporter.get("env"));
        for (String exercise : exerciseModules()) {
            assertThat(env).as("reporter env").containsEntry(exercise.toUpperCase(java.util.Locale.ROOT) + "_RESULTS",
                    "${{steps." + exercise + ".outputs.result}}");
        }
        assertThat(map(reporter.get("with")).get("runners")).isEqualTo(String.join(",", exerciseModules()));
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

        for (String file : List.of(".github/classroom/autograding.json", ".github/workflows/classroom.yml")) {
            assertThat(Files.readString(root.resolve(file))).as("%s is out of date: run bin/classroom-config", file)
                    .isEqualTo(Files.readString(copy.resolve(file)));
        }
    }

    @Test
    void the_readers_understand_what_they_must() {
        assertThat(MiniJson.parse("{\"a\": [1, 2.5, \"x\\\"y\\u0041\", true, null, {}], \"b\": {\"c\": false}}"))
                .isEqualTo(Map.of("a", java.util.Arrays.asList(1.0, 2.5, "x\"yA", true, null, Map.of()), "b", Map.of("c", false)));
        assertThat(MiniYaml.parse("""
                # comment
                name: Autograding
                on:
                  - push
                jobs:
                  one:
                    steps:
                      - name: a
                        with:
                          x: '17'
                      - uses: b
                    env:
                      K: "${{v}}"
                """)).isEqualTo(Map.of("name", "Autograding", "on", List.of("push"),
                "jobs", Map.of("one", Map.of("steps", List.of(Map.of("name", "a", "with", Map.of("x", "17")), Map.of("uses", "b")),
                        "env", Map.of("K", "${{v}}")))));
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).as("a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object node) {
        assertThat(node).as("a list").isInstanceOf(List.class);
        return (List<Map<String, Object>>) node;
    }
}
