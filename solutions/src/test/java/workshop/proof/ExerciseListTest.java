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
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/exercises}, the one list of exercises every script reads, is the root pom's exercise modules. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/exercises is a POSIX shell script (Git Bash or WSL on Windows)")
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExerciseListTest {

    private final Path root = Repository.root();

    @Test
    void it_prints_the_exercise_modules_of_the_root_pom_in_order() {
        assertThat(exercises(root, List.of()))
                .containsExactlyElementsOf(Exercise.all().stream().map(Exercise::folder).collect(Collectors.toList()));
    }

    @Test
    void modules_in_comments_and_modules_that_are_not_exercises_are_left_out(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("pom.xml"), """
                <modules>
                  <module>grader</module>
                  <module>exercise-01-first</module> <!-- the first -->
                  <!-- <module>exercise-09-retired</module>
                       <module>exercise-10-retired</module> -->
                  <!-- next --><module>
                     exercise-02-second
                  </module>
                </modules>
                <profiles><profile><modules><module>progress</module><module>exercise-01-first</module></modules></profile></profiles>
                """);

        assertThat(exercises(root, List.of(folder.resolve("pom.xml").toString()))).containsExactly("exercise-01-first", "exercise-02-second");
    }

    private static List<String> exercises(Path root, List<String> arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("sh", root.resolve("bin/exercises").toString()));
        command.addAll(arguments);
        Command.Result result = Command.run(root, Duration.ofSeconds(30), command);
        assertThat(result.status()).as("exit status of bin/exercises\n%s", result.output()).isZero();
        return result.output().lines().collect(Collectors.toList());
    }
}
