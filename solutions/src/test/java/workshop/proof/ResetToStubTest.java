package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.Exercises;
import workshop.grader.ResetToStub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ResetToStub} puts an exercise's stub back in a learner's copy, over committed and
 * uncommitted work, and moves that work aside; each exercise's pom names its stub as committed.
 * The copy is made the way a class's copy is made from the student edition (the files, a new
 * repository, one commit), so the stub is found in a history that holds no commit of the workshop.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResetToStubTest {

    private static final String TOOL = "grader/src/main/java/workshop/grader/ResetToStub.java";
    private static final String EXERCISE = "exercise-03-lifecycle";
    private static final String PACKAGE = EXERCISE + "/src/main/java/workshop/lifecycle/";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path copy;

    @Test
    void every_exercise_pom_names_the_stub_as_committed() throws IOException {
        Path root = Repository.root();
        List<String> wrong = new ArrayList<>();
        for (String exercise : Exercises.of(root)) {
            String named = ResetToStub.stubTree(root.resolve(exercise).resolve("pom.xml"));
            String committed = git(root, "rev-parse", "HEAD:" + exercise + "/src/main").strip();
            if (!committed.equals(named)) {
                wrong.add(exercise + "/pom.xml says <workshop.stubTree>" + named + "</workshop.stubTree>; the stub as committed is "
                        + committed + " (git rev-parse HEAD:" + exercise + "/src/main): write that in");
            }
        }
        assertThat(wrong).as("each exercise's pom names its untouched stub, so that ResetToStub puts back the stub of today").isEmpty();
    }

    @Test
    void puts_the_stub_back_over_committed_and_uncommitted_work_and_moves_that_work_aside() throws IOException {
        Path root = Repository.root();
        for (String tracked : git(root, "ls-files", "-z", TOOL, EXERCISE + "/pom.xml", EXERCISE + "/src/main").split("\0")) {
            if (!tracked.isEmpty()) {
                Files.createDirectories(copy.resolve(tracked).getParent());
                Files.copy(root.resolve(tracked), copy.resolve(tracked));
            }
        }
        git(copy, "init", "-q");
        commit("the class's copy");
        String stub = ResetToStub.stubTree(copy.resolve(EXERCISE).resolve("pom.xml"));

        Files.writeString(copy.resolve(PACKAGE + "LifecycleServer.java"), "// committed work\n", StandardCharsets.UTF_8);
        Files.writeString(copy.resolve(PACKAGE + "Helper.java"), "// a committed new file\n", StandardCharsets.UTF_8);
        commit("my work");
        Files.writeString(copy.resolve(PACKAGE + "Request.java"), "// uncommitted work\n", StandardCharsets.UTF_8);
        Files.writeString(copy.resolve(PACKAGE + "Scratch.java"), "// an untracked file\n", StandardCharsets.UTF_8);

        Command.Result reset = Command.run(copy, LIMIT, List.of(java(), TOOL, EXERCISE));

        assertThat(reset.status()).as("exit status of ResetToStub; it printed:\n" + reset.output()).isZero();
        assertThat(reset.output()).contains(EXERCISE + "/src/main is the stub again.");
        git(copy, "add", "-A", EXERCISE + "/src/main");
        assertThat(git(copy, "write-tree", "--prefix=" + EXERCISE + "/src/main/").strip())
                .as("src/main after the reset, as git names it").isEqualTo(stub);

        Matcher moved = Pattern.compile("Your files were moved to (\\S+) ").matcher(reset.output());
        assertThat(moved.find()).as("the output names where the learner's files went:\n" + reset.output()).isTrue();
        Path aside = copy.resolve(moved.group(1)).resolve("java/workshop/lifecycle");
        assertThat(aside.resolve("LifecycleServer.java")).hasContent("// committed work");
        assertThat(aside.resolve("Helper.java")).hasContent("// a committed new file");
        assertThat(aside.resolve("Request.java")).hasContent("// uncommitted work");
        assertThat(aside.resolve("Scratch.java")).hasContent("// an untracked file");

        assertThat(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8))
                .as("the root README shows the command proven here").contains("java " + TOOL + " exercise-01-hello-server");

        Command.Result refused = Command.run(copy, LIMIT, List.of(java(), TOOL, "exercise-99-none"));
        assertThat(refused.status()).as("exit status for a folder that is no exercise").isEqualTo(2);
        assertThat(refused.output()).startsWith("Nothing was changed: \"exercise-99-none\" is not an exercise folder");
    }

    private void commit(String message) {
        git(copy, "add", "-A");
        git(copy, "-c", "user.name=Learner", "-c", "user.email=learner@example.com", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", message);
    }

    private static String git(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Command.Result result = Command.run(directory, LIMIT, command);
        assertThat(result.status()).as(String.join(" ", command) + " in " + directory + " printed:\n" + result.output()).isZero();
        return result.output();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
