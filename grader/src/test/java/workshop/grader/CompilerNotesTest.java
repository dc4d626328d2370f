package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CompilerNotesTest {

    private static final String BROKEN = "grader/src/test/fixtures/broken";

    @Test
    void a_compiler_error_names_the_file_from_the_workshop_root_its_line_and_the_spot() {
        Throwable failure = catchThrowable(() -> Answer.resolve(BROKEN, "grader-fixtures", "fixture.Server"));

        assertThat(failure).isInstanceOf(Answer.AnswerDoesNotCompile.class);
        assertThat(((Answer.AnswerDoesNotCompile) failure).messages()).as("the compiler's errors").singleElement().asString()
                .startsWith(BROKEN + "/src/main/java/fixture/Server.java:7: error: incompatible types")
                .endsWith("\n        int port = \"8080\";\n                   ^");
    }

    @Test
    void an_answer_that_does_not_compile_gets_its_errors_once_and_no_hint_about_a_README_step() {
        Throwable failure = catchThrowable(() -> Answer.resolve(BROKEN, "grader-fixtures", "fixture.Server"));
        CompilerNotes notes = new CompilerNotes();

        notes.noteFailure("exercise-09-x", new IllegalStateException("wrapped", failure));
        notes.noteFailure("exercise-09-x", failure);

        String report = notes.notCompiling("exercise-09-x", "").orElseThrow();
        assertThat(report).startsWith("\nexercise-09-x does not compile yet, so no check could run\n\n  " + BROKEN)
                .doesNotContain("Hint", "step");
        assertThat(report.split("error: incompatible types", -1)).as("the error, once").hasSize(2);
        assertThat(report.lines().count()).as("lines of the report\n%s", report).isLessThanOrEqualTo(10);
        assertThat(notes.notCompiling("exercise-10-y", "")).as("an exercise that compiled").isEmpty();
    }

    @Test
    void a_warning_javac_gives_for_each_use_on_one_line_is_told_once(@TempDir Path answer) throws IOException {
        Path source = Files.createDirectories(answer.resolve("src/main/java/fixture")).resolve("Server.java");
        Files.writeString(source, """
                package fixture;

                public final class Server {
                    public static void main(String[] args) {
                        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(143));
                    }
                }
                """);

        Answer compiled = Answer.resolve(answer.toString(), "grader-fixtures", "fixture.Server");

        assertThat(compiled.warnings()).as("the warnings").filteredOn(line -> line.contains("Server.java:5: warning: sun.misc.Signal is internal proprietary API"))
                .hasSize(1);
    }

    @Test
    void other_failures_are_not_compiler_errors() {
        CompilerNotes notes = new CompilerNotes();

        notes.noteFailure("exercise-09-x", new AssertionError("expected 200"));

        assertThat(notes.notCompiling("exercise-09-x", "")).isEmpty();
    }

    @Test
    void warnings_follow_the_report_of_the_exercise_they_belong_to() {
        CompilerNotes notes = new CompilerNotes();

        notes.noteEntry(ReportEntry.from(CompilerNotes.warningsKey("exercise-09-x"), "A.java:3: warning: found raw type: java.util.List\n  missing type arguments"));

        assertThat(notes.warnings("exercise-09-x")).contains("The compiler warned", "    A.java:3: warning: found raw type: java.util.List\n      missing type arguments\n");
        assertThat(notes.warnings("exercise-10-y")).isEmpty();
        notes.clear();
        assertThat(notes.warnings("exercise-09-x")).as("after a new run starts").isEmpty();
    }
}
