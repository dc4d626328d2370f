package workshop.progress;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.Exercises;
import workshop.progress.ProgressTable.Check;
import workshop.progress.ProgressTable.Exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProgressTableTest {

    private static final String HEADER = "run\tanswer\texercise\tstep\toutcome\tcheck\n";

    @Test
    void exercises_are_the_exercise_modules_of_the_root_pom_in_order() {
        String pom = """
                <modules>
                  <module>grader</module>
                  <module>exercise-01-hello-server</module>
                  <!-- <module>exercise-09-old</module> -->
                  <module>exercise-02-ports</module>
                </modules>
                <profiles><profile><modules><module>progress</module></modules></profile></profiles>
                """;

        assertThat(Exercises.inPom(pom)).containsExactly("exercise-01-hello-server", "exercise-02-ports");
    }

    @Test
    void the_workshops_own_root_pom_lists_every_exercise_folder() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> folders;
        try (var list = Files.list(root)) {
            folders = list.map(p -> p.getFileName().toString()).filter(n -> n.matches("exercise-\\d+-.+")).sorted().toList();
        }

        assertThat(Exercises.of(root))
                .as("exercise modules in the root pom").isNotEmpty().containsExactlyElementsOf(folders);
    }

    @Test
    void only_this_runs_results_count(@TempDir Path module) throws IOException {
        Files.createDirectories(module.resolve("target/classes"));
        Files.writeString(module.resolve("target/classes/Server.class"), "");
        Files.writeString(module.resolve(ProgressTable.RESULTS_FILE), HEADER
                + "old\t\texercise-01-hello-server\t1\tFAILED\tlistens\n");

        assertThat(ProgressTable.read(module, "exercise-01-hello-server", "new").notGraded()).hasValue("not graded in this run");

        Files.writeString(module.resolve(ProgressTable.RESULTS_FILE), HEADER
                + "new\t\texercise-01-hello-server\t1\tPASSED\tlistens\n"
                + "new\t\texercise-01-hello-server\t4\tFAILED\tlogs every request\n"
                + "new\t\texercise-01-hello-server\t6\tSKIPPED\tstops on SIGTERM\n");

        Exercise read = ProgressTable.read(module, "exercise-01-hello-server", "new");
        assertThat(read.notGraded()).isEmpty();
        assertThat(read.passed()).isEqualTo(1);
        assertThat(read.graded()).isEqualTo(2);
        assertThat(read.firstFailing()).hasValue(new Check(4, "FAILED", "logs every request"));
    }

    @Test
    void an_exercise_without_classes_does_not_compile_yet_whatever_its_checks_say(@TempDir Path module) throws IOException {
        Files.createDirectories(module.resolve("target/classes/workshop"));
        Files.writeString(module.resolve(ProgressTable.RESULTS_FILE), HEADER
                + "new\t\texercise-03-lifecycle\t1\tFAILED\tlistens\n");

        assertThat(ProgressTable.read(module, "exercise-03-lifecycle", "new").notGraded()).hasValue("does not compile yet");
    }

    @Test
    void the_table_counts_every_exercise_and_names_the_next_failing_check() {
        List<Exercise> exercises = List.of(
                new Exercise("exercise-01-hello-server", List.of(new Check(1, "PASSED", "a"), new Check(2, "PASSED", "b")), Optional.empty()),
                new Exercise("exercise-02-ports", List.of(new Check(1, "PASSED", "c"), new Check(3, "FAILED", "names the taken port"),
                        new Check(5, "FAILED", "d"), new Check(6, "SKIPPED", "e")), Optional.empty()),
                new Exercise("exercise-03-lifecycle", List.of(), Optional.of("does not compile yet")));

        String table = ProgressTable.render(exercises);

        assertThat(table)
                .contains("Your progress: 1 of 3 exercises done, 3 of 5 checks pass")
                .contains("  exercise-01-hello-server   2 of  2  [####################]  done\n")
                .contains("  exercise-02-ports          1 of  3  [######..............]  (1 skipped)\n")
                .contains("  exercise-03-lifecycle     does not compile yet\n")
                .contains("  next: exercise-02-ports — names the taken port (README step 3)\n")
                .contains("./mvnw test -pl exercise-02-ports");
        assertThat(table.lines().count()).as("lines of the table, for one screen").isLessThan(15);
    }

    @Test
    void an_exercise_that_does_not_compile_is_next_when_it_is_the_first_unfinished() {
        String next = ProgressTable.next(List.of(new Exercise("exercise-01-hello-server", List.of(), Optional.of("does not compile yet"))));

        assertThat(next).startsWith("  next: exercise-01-hello-server — does not compile yet: fix what the compiler says above\n");
    }

    @Test
    void when_every_check_passes_nothing_is_next() {
        assertThat(ProgressTable.next(List.of(new Exercise("exercise-01-hello-server", List.of(new Check(1, "PASSED", "a")), Optional.empty()))))
                .contains("nothing left");
    }

    @Test
    void the_bar_fills_in_proportion() {
        assertThat(ProgressTable.bar(0, 10)).isEqualTo("[....................]");
        assertThat(ProgressTable.bar(5, 10)).isEqualTo("[##########..........]");
        assertThat(ProgressTable.bar(0, 0)).isEqualTo("[....................]");
    }
}
