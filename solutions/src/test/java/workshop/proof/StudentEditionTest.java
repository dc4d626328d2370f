package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/student-edition} writes the workshop without the answers, and a fresh clone of what it
 * writes passes the learner's commands offline once {@code bin/fetch-build} has filled an empty
 * local Maven repository and an empty wrapper folder (as on a classroom machine or in a new dev
 * container): an untouched exercise is graded, and the progress table counts an exercise finished
 * with the reference answer as done.
 *
 * <p>It is the one proof test that downloads, from Maven Central, as the wrapper and Maven always
 * do; the offline proof and the edition's share one build, the costly part.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/student-edition is a POSIX shell script (Git Bash or WSL on Windows)")
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StudentEditionTest {

    private static final String EXERCISE = "exercise-01-hello-server";
    private static final String SERVER = "src/main/java/workshop/hello/HelloServer.java";
    private static final Pattern DONE = Pattern.compile(EXERCISE + " +(\\d+) of +(\\d+) +\\[#+\\] +done");

    @TempDir
    Path full;

    @TempDir
    Path edition;

    @TempDir
    Path fresh;

    @TempDir
    Path maven;

    @Test
    void a_fresh_clone_of_the_student_edition_holds_no_answer_and_after_bin_fetch_build_passes_the_learners_commands_offline()
            throws IOException {
        Repository.copyWorkshop(full);
        commit(full);
        Files.delete(edition);

        Command.Result written = Command.run(full, Duration.ofMinutes(1), List.of("sh", "bin/student-edition", edition.toString()));
        assertThat(written.status()).as("exit status of bin/student-edition\n%s", written.output()).isZero();
        commit(edition);
        Files.delete(fresh);
        git(fresh.getParent(), "clone", "-q", edition.toString(), fresh.toString());

        holdsNoAnswer(fresh);
        namesOnlyWhatIsThere(fresh);

        // The wrapper keeps the Maven it downloads under MAVEN_USER_HOME; the libraries go to the
        // local repository that -Dmaven.repo.local names. Both start empty.
        Path repository = maven.resolve("repository");
        Map<String, String> userHome = Map.of("MAVEN_USER_HOME", maven.resolve("user-home").toString());
        String local = "-Dmaven.repo.local=" + repository;
        Command.Result fetched = Command.run(fresh, Duration.ofMinutes(10), List.of("sh", "bin/fetch-build", local), userHome);
        assertThat(fetched.status()).as("exit status of bin/fetch-build into an empty repository\n%s", fetched.output()).isZero();

        Command.Result stub = Command.run(fresh, Duration.ofMinutes(5),
                List.of("./mvnw", "--batch-mode", "--offline", "test", "-pl", EXERCISE, local), userHome);
        assertThat(stub.status()).as("exit status of the per-exercise command on the untouched stub\n%s", stub.output()).isNotZero();
        assertThat(stub.output()).as("its report").contains(EXERCISE + ": 0 of ");

        Files.copy(Repository.root().resolve("solutions").resolve(EXERCISE).resolve(SERVER), fresh.resolve(EXERCISE).resolve(SERVER),
                StandardCopyOption.REPLACE_EXISTING);
        Command.Result progress = Command.run(fresh, Duration.ofMinutes(8),
                List.of("./mvnw", "--batch-mode", "--offline", "test", "-P", "progress", local), userHome);
        assertThat(progress.status()).as("exit status of the progress command\n%s", progress.output()).isZero();
        Matcher done = DONE.matcher(progress.output());
        assertThat(done.find()).as("the progress table counts %s as done\n%s", EXERCISE, progress.output()).isTrue();
        assertThat(done.group(1)).isEqualTo(done.group(2));
    }

    /**
     * No file of the edition has the text of an answer of solutions/, but for the files an answer
     * shares with its stub (given to the learner as they are).
     */
    private static void holdsNoAnswer(Path edition) throws IOException {
        assertThat(edition.resolve("solutions")).doesNotExist();
        Set<String> answers = javaSources(Repository.root().resolve("solutions"));
        for (Exercise exercise : Exercise.all()) {
            answers.removeAll(javaSources(Repository.root().resolve(exercise.folder()).resolve("src/main")));
        }
        assertThat(answers).as("answers in solutions/").isNotEmpty();
        try (Stream<Path> files = Files.walk(edition)) {
            List<Path> leaked = files.filter(f -> f.toString().endsWith(".java") && answers.contains(read(f))).collect(Collectors.toList());
            assertThat(leaked).as("files of the student edition that are answers").isEmpty();
        }
        String pom = Files.readString(edition.resolve("pom.xml"));
        assertThat(pom).as("the edition's root pom").doesNotContain("<id>maintainers</id>").doesNotContain("<module>solutions</module>")
                .contains("<id>progress</id>").contains("<id>watch</id>");
    }

    private static Set<String> javaSources(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("src" + java.io.File.separator + "main"))
                    .map(StudentEditionTest::read).collect(Collectors.toCollection(java.util.HashSet::new));
        }
    }

    /** Every script, module and profile the edition's README names is in the edition. */
    private static void namesOnlyWhatIsThere(Path edition) throws IOException {
        String readme = Files.readString(edition.resolve("README.md"));
        assertThat(readme).as("the edition's README").contains("The student edition")
                .doesNotContain("## The solutions branch").doesNotContain("## For maintainers").doesNotContain("bin/gradebook");
        String pom = Files.readString(edition.resolve("pom.xml"));
        for (String profile : all(readme, "(?:\\./mvnw|mvnw\\.cmd)[^\\n`]*? -P ([a-z,]+)")) {
            assertThat(pom).as("the edition's root pom, for profile %s", profile).contains("<id>" + profile + "</id>");
        }
        for (String module : all(readme, "(?:\\./mvnw|mvnw\\.cmd)[^\\n`]*? -pl ([a-z0-9-]+)")) {
            assertThat(edition.resolve(module).resolve("pom.xml")).as("module %s named in the edition's README", module).isRegularFile();
        }
        for (String script : all(readme, "(?<![\\w/.])(bin/[a-z-]+)")) {
            assertThat(edition.resolve(script)).as("%s named in the edition's README", script).isExecutable();
        }
        assertThat(edition.resolve(".devcontainer/devcontainer.json")).isRegularFile();
        assertThat(edition.resolve(WorkflowTest.WORKFLOW)).isRegularFile();
    }

    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.addAll(List.of(m.group(1).split(",")));
        }
        return found;
    }

    private static void commit(Path folder) {
        git(folder, "init", "-q", "-b", "main");
        git(folder, "add", "-A");
        git(folder, "commit", "-q", "-m", "The workshop");
    }

    private static void git(Path folder, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Workshop", "-c", "user.email=workshop@example.org"));
        command.addAll(List.of(args));
        Command.Result result = Command.run(folder, Duration.ofSeconds(60), command);
        assertThat(result.status()).as("exit status of %s\n%s", String.join(" ", command), result.output()).isZero();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
