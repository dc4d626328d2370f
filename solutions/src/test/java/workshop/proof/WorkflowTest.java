package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one workflow a fork runs on push grades every exercise with the progress command, writes the
 * progress table to the run's page, and asks for nothing it does not need. Nothing here reaches
 * GitHub: the file is read as YAML, parsed by GitHub's own parser where it is installed, and its
 * grading step runs here as the runner would run it.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WorkflowTest {

    static final String WORKFLOW = ".github/workflows/progress.yml";
    static final String GRADING_COMMAND = "./mvnw --batch-mode test -P progress";

    private final Path root = Repository.root();

    @Test
    void it_is_the_only_workflow() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".github/workflows"))) {
            assertThat(files.map(f -> root.relativize(f).toString().replace('\\', '/'))).as("files in .github/workflows")
                    .containsExactly(WORKFLOW);
        }
    }

    @Test
    void it_runs_on_push_with_read_only_access_and_a_time_bound() {
        JsonNode workflow = workflow();

        assertThat(workflow.path("on").has("push")).as("runs on push: %s", workflow.path("on")).isTrue();
        assertThat(workflow.path("permissions").properties()).as("permissions")
                .extracting(Map.Entry::getKey, e -> e.getValue().asString()).containsExactly(org.assertj.core.groups.Tuple.tuple("contents", "read"));
        JsonNode job = onlyJob(workflow);
        assertThat(job.path("runs-on").asString()).as("runner").startsWith("ubuntu-");
        assertThat(job.path("timeout-minutes").asInt()).as("timeout-minutes of the job").isBetween(1, 30);
        assertThat(job.has("continue-on-error")).as("continue-on-error would hide a broken build").isFalse();
    }

    @Test
    void it_uses_current_actions_with_JDK_17_and_the_maven_cache_and_grades_with_the_progress_command() {
        List<JsonNode> steps = steps(onlyJob(workflow()));

        assertThat(steps).extracting(s -> s.path("uses").asString()).as("actions used, in order")
                .containsExactly("actions/checkout@v5", "actions/setup-java@v5", "");
        JsonNode java = steps.get(1).path("with");
        assertThat(java.path("distribution").asString()).isEqualTo("temurin");
        assertThat(java.path("java-version").asString()).as("java-version, as the pom's release").isEqualTo("17");
        assertThat(java.path("cache").asString()).as("setup-java's cache: the local repository and the wrapper's Maven").isEqualTo("maven");
        assertThat(steps.get(2).path("run").asString().strip()).as("the grading step").isEqualTo(GRADING_COMMAND);
        assertThat(root.resolve("mvnw")).isExecutable();
        assertThat(readString(root.resolve("pom.xml"))).as("the root pom").contains("<id>progress</id>");
    }

    @Test
    void GitHubs_own_parser_finds_no_error() {
        NpmTool.requireNode();
        Path parser = NpmTool.require("@actions/workflow-parser");

        Command.Result result = Command.run(root, Duration.ofSeconds(60), List.of("node",
                root.resolve("solutions/src/test/node/check-workflow.mjs").toString(), parser.toString(), root.resolve(WORKFLOW).toString()));

        assertThat(result.status()).as("exit status of @actions/workflow-parser on %s\n%s", WORKFLOW, result.output()).isZero();
        assertThat(result.output()).contains("jobs: progress");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the runner is Linux; the step runs in a POSIX shell")
    void its_grading_step_writes_the_progress_table_to_the_job_summary_and_stays_green_while_checks_fail(@TempDir Path copy)
            throws IOException {
        // The workshop as a fork holds it, with exercise 01 only, so the run stays short.
        Repository.copyWorkshop(copy);
        String pom = readString(copy.resolve("pom.xml"));
        for (Exercise exercise : Exercise.all().subList(1, Exercise.all().size())) {
            pom = pom.replace("<module>" + exercise.folder() + "</module>", "");
        }
        Files.writeString(copy.resolve("pom.xml"), pom);
        Path summary = copy.resolve("summary.md");
        String step = steps(onlyJob(workflow())).get(2).path("run").asString();

        Repository.offline(copy);
        Command.Result result = Command.run(copy, Duration.ofMinutes(5), List.of("sh", "-c", step),
                Map.of("GITHUB_STEP_SUMMARY", summary.toString()));

        assertThat(result.status()).as("exit status of the grading step on an untouched exercise\n%s", result.output()).isZero();
        assertThat(summary).as("the job summary").isRegularFile();
        assertThat(readString(summary)).as("the job summary")
                .startsWith("### Progress: 0 of 1 exercises done, 0 of ")
                .containsPattern("\\n\\| exercise-01-hello-server \\| 0 of \\d+ \\| .+ \\(README step \\d+\\) \\|\\n")
                .contains("Next: **exercise-01-hello-server**");
    }

    private JsonNode workflow() {
        return new YAMLMapper().readTree(readString(root.resolve(WORKFLOW)));
    }

    private static JsonNode onlyJob(JsonNode workflow) {
        List<JsonNode> jobs = new ArrayList<>(workflow.path("jobs").values());
        assertThat(jobs).as("jobs of the workflow").hasSize(1);
        return jobs.get(0);
    }

    private static List<JsonNode> steps(JsonNode job) {
        return job.path("steps").values().stream().collect(Collectors.toList());
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
