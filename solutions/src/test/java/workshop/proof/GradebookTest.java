package workshop.proof;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/gradebook} grades a made-up class of six clones of exercise 01 in one run, in a copy of
 * the workshop: the reference answer, the untouched stub in a folder named like the setting's
 * keyword, a wrong answer, one that does not compile, one whose server hangs, and one whose server
 * leaves a process behind. Each gets its own row, and nothing any of them started is left running.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/gradebook is a POSIX shell script (WSL on Windows)")
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GradebookTest {

    private static final String EXERCISE = "exercise-01-hello-server";
    private static final String SERVER = "src/main/java/workshop/hello/HelloServer.java";
    /** The process the leaky server leaves behind, named so that no other process matches it. */
    private static final String LEFT_BEHIND = "sleep 4327";

    // One run of the gradebook, shared by every test here: it is the expensive part.
    @TempDir
    static Path copy;

    @TempDir
    static Path classFolder;

    @TempDir
    static Path out;

    private static Command.Result run;
    private static Map<String, List<String>> rows;
    private static String table;

    @BeforeAll
    static void grade_a_made_up_class() throws IOException {
        assumeTrue(runs("timeout", "--version"), "needs GNU timeout (coreutils)");
        Repository.copyWorkshop(copy);
        Path root = Repository.root();
        Path reference = root.resolve("solutions").resolve(EXERCISE).resolve("src/main");

        clone("ada", reference);
        clone("reference", root.resolve(EXERCISE).resolve("src/main"));
        clone("grace", reference);
        edit("grace", "        System.out.println(method + \" \" + exchange.getRequestURI());\n", "");
        clone("linus", reference);
        Files.writeString(student("linus").resolve("src/main/java/workshop/hello/Greeting.java"),
                "package workshop.hello;\n\nclass Greeting {\n    String text = \"Hello, world!\"\n}\n");
        clone("hang", reference);
        edit("hang", "        try (exchange) {\n", "        try (exchange) {\n" + pause());
        edit("hang", "            server.stop(0);\n", "            server.stop(0);\n" + pause());
        clone("leaky", reference);
        edit("leaky", "        server.start();\n", "        server.start();\n        new ProcessBuilder(\"sh\", \"-c\", \"" + LEFT_BEHIND + " &\").start();\n");

        Repository.offline(copy);
        run = Command.run(copy, Duration.ofMinutes(10), List.of("sh", "bin/gradebook", "-o", out.toString(), "-e", EXERCISE,
                classFolder.toString()));
        rows = csv(out.resolve("gradebook.csv"));
        table = Files.exists(out.resolve("gradebook.md")) ? Files.readString(out.resolve("gradebook.md")) : "";
        System.out.println("bin/gradebook, seconds per student: " + rows.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().get(6)).collect(Collectors.joining(", ")));
    }

    @Test
    void every_clone_gets_its_row_and_the_run_succeeds() {
        assertThat(run.status()).as("exit status of bin/gradebook\n%s", run.output()).isZero();
        assertThat(rows.keySet()).as("students in gradebook.csv").containsExactly("ada", "grace", "hang", "leaky", "linus", "reference");
        assertThat(table).as("gradebook.md").startsWith("| student | " + EXERCISE + " |\n| --- | --- |\n");
    }

    @Test
    void the_reference_answer_passes_every_check() {
        List<String> ada = rows.get("ada");
        int graded = Integer.parseInt(ada.get(3));

        assertThat(graded).as("checks graded for ada").isPositive();
        assertThat(ada).as("ada's row").containsExactly("ada", EXERCISE, String.valueOf(graded), String.valueOf(graded), "", "graded", ada.get(6), "0");
        assertThat(table).contains("| ada | " + graded + " of " + graded + " |\n");
    }

    @Test
    void a_folder_named_reference_is_graded_as_itself_the_untouched_stub() throws IOException {
        List<String> stub = rows.get("reference");

        assertThat(stub.get(2)).as("checks the untouched stub passes").isEqualTo("0");
        assertThat(stub.get(4)).as("its first failing check").isNotEmpty();
        assertThat(table).contains("| reference | 0 of " + stub.get(3) + ": " + stub.get(4) + " |\n");
        assertThat(Files.readAllLines(out.resolve("students/reference/" + EXERCISE + ".tsv")).subList(1, Integer.parseInt(stub.get(3)) + 1))
                .as("the answer each result line names").allSatisfy(line -> assertThat(line.split("\t")[1])
                        .isEqualTo(classFolder.resolve("reference").resolve(EXERCISE).toString()));
    }

    @Test
    void a_wrong_answer_fails_the_check_that_catches_its_mistake() {
        List<String> grace = rows.get("grace");

        assertThat(Integer.parseInt(grace.get(2))).as("checks grace passes").isEqualTo(Integer.parseInt(grace.get(3)) - 1);
        assertThat(grace.get(4)).as("grace's first failing check").startsWith("logs the method and URL of every request");
        assertThat(table).contains("| grace | " + grace.get(2) + " of " + grace.get(3) + ": " + grace.get(4) + " |\n");
    }

    @Test
    void code_that_does_not_compile_is_graded_as_such() {
        assertThat(rows.get("linus").subList(2, 6)).as("linus's row").containsExactly("0", rows.get("ada").get(3), "", "does not compile");
        assertThat(table).contains("| linus | does not compile |\n");
    }

    @Test
    void a_server_that_hangs_fails_its_checks_within_the_graders_bounds_and_holds_up_no_one() {
        List<String> hang = rows.get("hang");

        assertThat(hang.get(5)).as("what happened to hang").isEqualTo("graded");
        assertThat(Integer.parseInt(hang.get(2))).as("checks the hanging server passes").isLessThan(Integer.parseInt(hang.get(3)));
        assertThat(rows.get("leaky").get(5)).as("the student after hang").isEqualTo("graded");
    }

    @Test
    void what_a_server_leaves_behind_is_ended_and_noted() {
        List<String> leaky = rows.get("leaky");

        assertThat(leaky.get(5)).as("what happened to leaky").isEqualTo("graded");
        assertThat(Integer.parseInt(leaky.get(7))).as("processes leaky's run left").isPositive();
        assertThat(table).containsPattern("\\| leaky \\| " + leaky.get(2) + " of " + leaky.get(3) + "(: [^|]+)? \\(left " + leaky.get(7)
                + " processes, ended\\) \\|\n");
    }

    @Test
    void no_process_of_the_class_is_left_running() {
        await("every process of the class to end").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> ours().isEmpty());
    }

    @Test
    void a_run_past_the_students_bound_is_ended_and_recorded_as_timed_out(@TempDir Path bounded) throws IOException {
        Command.Result result = Command.run(copy, Duration.ofMinutes(2), List.of("sh", "bin/gradebook", "-o", bounded.toString(), "-t", "1",
                "-e", EXERCISE, student("ada").getParent().toString()));

        assertThat(result.status()).as("exit status of bin/gradebook -t 1\n%s", result.output()).isZero();
        assertThat(csv(bounded.resolve("gradebook.csv")).get("ada").get(5)).isEqualTo("timed out after 1 s");
        await("every process of the bounded run to end").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> ours().isEmpty());
    }

    /** Processes of this test: servers compiled from the class's clones, and what the leaky one left. */
    private static List<String> ours() {
        String marker = classFolder.getFileName().toString();
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(LEFT_BEHIND) || line.contains(marker) || line.contains(copy.toString()))
                .collect(Collectors.toList());
    }

    private static String pause() {
        return "            try {\n                Thread.sleep(600_000);\n            } catch (InterruptedException e) {\n"
                + "                Thread.currentThread().interrupt();\n            }\n";
    }

    private static Path student(String name) {
        return classFolder.resolve(name).resolve(EXERCISE);
    }

    private static void clone(String name, Path srcMain) throws IOException {
        Repository.copy(srcMain, student(name).resolve("src/main"));
        Files.copy(Repository.root().resolve("pom.xml"), classFolder.resolve(name).resolve("pom.xml"));
    }

    /** A mistake made by editing a copy of the reference answer; the text it replaces must be there. */
    private static void edit(String name, String from, String to) throws IOException {
        Path source = student(name).resolve(SERVER);
        String text = Files.readString(source);
        assertThat(text).as("the reference answer, to make %s's mistake", name).contains(from);
        Files.writeString(source, text.replace(from, to));
    }

    /** gradebook.csv by student: every field, unquoted. */
    private static Map<String, List<String>> csv(Path file) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("student,exercise,passed,graded,first_failing_check,status,seconds,processes_left");
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = new ArrayList<>();
            for (String field : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)) {
                fields.add(field.startsWith("\"") ? field.substring(1, field.length() - 1).replace("\"\"", "\"") : field);
            }
            rows.put(fields.get(0), fields);
        }
        return rows;
    }

    private static boolean runs(String... command) {
        try {
            return Command.run(Path.of("").toAbsolutePath(), Duration.ofSeconds(10), List.of(command)).status() == 0;
        } catch (java.io.UncheckedIOException notFound) {
            return false;
        }
    }
}
