package workshop.proof;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/solutions-branch} builds the branch {@code solutions} (every exercise's src/main
 * replaced by its reference answer, one commit per exercise) without touching the working tree,
 * the index, the current branch or uncommitted work, and a second run changes nothing.
 *
 * <p>It runs in a throwaway repository made from this workshop's files, with one more, made-up
 * exercise so that "one commit per exercise" is proven with more than one.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/solutions-branch is a POSIX shell script (Git Bash or WSL on Windows)")
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SolutionsBranchTest {

    private static final String EXTRA = "exercise-99-made-up";

    @TempDir
    Path repo;

    @TempDir
    Path scratch;

    private List<String> exercises;

    @BeforeEach
    void a_repository_with_the_workshops_exercises() throws IOException {
        Path root = Repository.root();
        String pom = Files.readString(root.resolve("pom.xml"));
        exercises = new ArrayList<>(Exercise.all().stream().map(Exercise::folder).collect(Collectors.toList()));
        for (String exercise : exercises) {
            Repository.copy(root.resolve(exercise).resolve("src/main"), repo.resolve(exercise).resolve("src/main"));
            Repository.copy(root.resolve("solutions").resolve(exercise).resolve("src/main"), repo.resolve("solutions").resolve(exercise).resolve("src/main"));
        }
        exercises.add(EXTRA);
        write(EXTRA + "/src/main/java/made/Up.java", "class Up { /* TODO 1 */ }\n");
        write(EXTRA + "/src/main/java/made/OnlyInTheStub.java", "class OnlyInTheStub { }\n");
        write("solutions/" + EXTRA + "/src/main/java/made/Up.java", "class Up { int answer = 42; }\n");
        write("solutions/" + EXTRA + "/src/main/java/made/Helper.java", "class Helper { }\n");
        write("pom.xml", pom.replace("</modules>", "  <module>" + EXTRA + "</module>\n  </modules>"));
        Repository.copy(root.resolve("bin"), repo.resolve("bin"));

        git("init", "-q", "-b", "main");
        git("add", "-A");
        git("commit", "-q", "-m", "The workshop");
    }

    @Test
    void every_exercises_src_main_becomes_its_reference_answer_one_commit_each() {
        String out = run("bin/solutions-branch");

        assertThat(git("log", "--reverse", "--format=%s", "main..solutions", "--").lines())
                .as("commit subjects on solutions, oldest first\n%s", out)
                .containsExactlyElementsOf(exercises.stream().map(e -> e + ": the reference answer").collect(Collectors.toList()));
        for (String exercise : exercises) {
            assertThat(git("rev-parse", "solutions:" + exercise + "/src/main"))
                    .as("%s/src/main on the branch solutions", exercise)
                    .isEqualTo(git("rev-parse", "main:solutions/" + exercise + "/src/main"));
        }
        assertThat(git("diff", "--name-only", "main", "solutions", "--").lines())
                .as("files that differ between main and solutions")
                .isNotEmpty()
                .allSatisfy(file -> assertThat(exercises).anySatisfy(e -> assertThat(file).startsWith(e + "/src/main/")));
        assertThat(git("diff", "--name-only", "main", "solutions", "--", EXTRA).lines())
                .contains(EXTRA + "/src/main/java/made/OnlyInTheStub.java", EXTRA + "/src/main/java/made/Helper.java");
    }

    @Test
    void it_never_touches_the_working_tree_the_index_or_the_current_branch_and_a_second_run_changes_nothing() throws IOException {
        Path stub = repo.resolve(EXTRA + "/src/main/java/made/Up.java");
        Files.writeString(stub, "class Up { int mine = 1; }\n");
        write("staged.txt", "staged\n");
        git("add", "staged.txt");
        write("untracked.txt", "untracked\n");
        String status = git("status", "--porcelain=v1", "--untracked-files=all");
        String index = git("ls-files", "--stage");
        String head = git("rev-parse", "HEAD");

        run("bin/solutions-branch");
        String first = git("rev-parse", "refs/heads/solutions");
        String second = run("bin/solutions-branch");

        assertThat(git("rev-parse", "refs/heads/solutions")).as("the branch after a second run\n%s", second).isEqualTo(first);
        assertThat(second).contains("up to date");
        assertThat(git("symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
        assertThat(git("rev-parse", "HEAD")).isEqualTo(head);
        assertThat(git("ls-files", "--stage")).as("the index").isEqualTo(index);
        assertThat(git("status", "--porcelain=v1", "--untracked-files=all")).as("git status").isEqualTo(status);
        assertThat(Files.readString(stub)).as("the learner's uncommitted edit").isEqualTo("class Up { int mine = 1; }\n");
    }

    @Test
    void it_refuses_to_move_the_branch_that_is_checked_out() {
        run("bin/solutions-branch");
        git("switch", "-q", "solutions");
        String before = git("rev-parse", "HEAD");

        Result result = exec(List.of("bin/solutions-branch"));

        assertThat(result.status()).as("exit status on the branch solutions\n%s", result.output()).isNotZero();
        assertThat(result.output()).contains("switch to your own branch");
        assertThat(git("rev-parse", "HEAD")).isEqualTo(before);
    }

    private record Result(int status, String output) {
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Workshop", "-c", "user.email=workshop@example.org"));
        command.addAll(List.of(args));
        Result result = exec(command);
        assertThat(result.status()).as("exit status of %s\n%s", String.join(" ", command), result.output()).isZero();
        return result.output().strip();
    }

    private String run(String script) {
        Result result = exec(List.of(script));
        assertThat(result.status()).as("exit status of %s\n%s", script, result.output()).isZero();
        return result.output();
    }

    private Result exec(List<String> command) {
        try {
            // Output to a file outside the repository, so reading it can never wait on the process.
            Path output = Files.createTempFile(scratch, "output", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void write(String file, String text) throws IOException {
        Path path = repo.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
