package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.ChaffPatch.BadPatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChaffPatchTest {

    private static final String GREETER = "package demo;\n\nclass Greeter {\n    static String greet(String name) {\n        return \"Hello, \" + name;\n    }\n}\n";
    private static final String COUNTER = "package demo;\n\nclass Counter {\n    private int count;\n\n    int next() {\n        return ++count;\n    }\n}\n";
    private static final String HEADER = "Mistake: It greets without a comma and counts from two.\nCaught by: greets by name\nCaught by: counts from one\nBase: reference\n\n";
    private static final String TWO_FILES = HEADER
            + "diff --git a/src/main/java/demo/Greeter.java b/src/main/java/demo/Greeter.java\n"
            + "index 1111111..2222222 100644\n"
            + "--- a/src/main/java/demo/Greeter.java\n"
            + "+++ b/src/main/java/demo/Greeter.java\n"
            + "@@ -3,5 +3,5 @@ package demo;\n"
            + " class Greeter {\n"
            + "     static String greet(String name) {\n"
            + "-        return \"Hello, \" + name;\n"
            + "+        return \"Hello \" + name;\n"
            + "     }\n"
            + " }\n"
            + "--- a/src/main/java/demo/Counter.java\n"
            + "+++ b/src/main/java/demo/Counter.java\n"
            + "@@ -6,3 +6,4 @@ class Counter {\n"
            + "     int next() {\n"
            + "+        count++;\n"
            + "         return ++count;\n"
            + "     }\n";

    @TempDir
    Path root;

    @Test
    void reads_the_mistake_every_check_named_and_the_base_from_the_header() throws IOException {
        ChaffPatch chaff = ChaffPatch.read(write("two-mistakes", TWO_FILES));

        assertThat(chaff.name()).isEqualTo("two-mistakes");
        assertThat(chaff.mistake()).isEqualTo("It greets without a comma and counts from two.");
        assertThat(chaff.caughtBy()).containsExactly("greets by name", "counts from one");
        assertThat(chaff.leavesOut()).isEmpty();
        assertThat(chaff.baseFolder()).isEqualTo(root.resolve("solutions/exercise-09-demo"));
        assertThat(chaff.changes()).extracting(ChaffPatch.FileChange::path)
                .containsExactly("src/main/java/demo/Greeter.java", "src/main/java/demo/Counter.java");
    }

    @Test
    void reads_the_steps_a_chaff_leaves_out_and_refuses_a_line_that_names_no_step() throws IOException {
        String leavesOut = TWO_FILES.replace("Base: reference\n", "Leaves out: step 2\nBase: reference\n");

        assertThat(ChaffPatch.read(write("without-step-2", leavesOut)).leavesOut()).containsExactly(2);
        assertThatThrownBy(() -> ChaffPatch.read(write("vague", leavesOut.replace("step 2", "the greeting"))))
                .isInstanceOf(ChaffPatch.BadPatch.class)
                .hasMessageContaining("Chaff vague, line 4: Leaves out: names one step of the README");
    }

    @Test
    void applies_hunks_to_several_files_and_leaves_the_base_as_it_was() throws IOException {
        Path tree = root.resolve("out");

        ChaffPatch.read(write("two-mistakes", TWO_FILES)).writeTree(tree);

        assertThat(tree.resolve("src/main/java/demo/Greeter.java")).content(StandardCharsets.UTF_8)
                .isEqualTo(GREETER.replace("\"Hello, \"", "\"Hello \""));
        assertThat(tree.resolve("src/main/java/demo/Counter.java")).content(StandardCharsets.UTF_8)
                .isEqualTo(COUNTER.replace("    int next() {\n", "    int next() {\n        count++;\n"));
        assertThat(root.resolve("solutions/exercise-09-demo/src/main/java/demo/Greeter.java")).content(StandardCharsets.UTF_8).isEqualTo(GREETER);
    }

    @Test
    void finds_a_hunk_some_lines_away_from_where_its_header_says() throws IOException {
        // The base has gained three lines above the hunk since the patch was written.
        Path greeter = root.resolve("solutions/exercise-09-demo/src/main/java/demo/Greeter.java");
        ChaffPatch chaff = ChaffPatch.read(write("two-mistakes", TWO_FILES));
        Files.writeString(greeter, GREETER.replace("package demo;\n", "package demo;\n\nimport java.util.List;\nimport java.util.Map;\n"));

        chaff.writeTree(root.resolve("out"));

        assertThat(root.resolve("out/src/main/java/demo/Greeter.java")).content(StandardCharsets.UTF_8)
                .contains("        return \"Hello \" + name;\n").doesNotContain("Hello, ");
    }

    @Test
    void names_the_chaff_file_hunk_and_first_line_that_differs_when_a_hunk_does_not_apply() throws IOException {
        Path counter = root.resolve("solutions/exercise-09-demo/src/main/java/demo/Counter.java");
        ChaffPatch chaff = ChaffPatch.read(write("two-mistakes", TWO_FILES));
        Files.writeString(counter, COUNTER.replace("return ++count;", "return count += 1;"));

        assertThatThrownBy(() -> chaff.writeTree(root.resolve("out")))
                .isInstanceOf(BadPatch.class)
                .hasMessage("Chaff two-mistakes does not apply to its base reference: src/main/java/demo/Counter.java, hunk 1"
                        + " (@@ -6,3 +6,4 @@ class Counter {): line 7 of the base is \"        return count += 1;\", the patch expects \"        return ++count;\"");
    }

    @Test
    void never_applies_a_hunk_whose_removed_line_differs_even_in_one_space() {
        ChaffPatch chaff = ChaffPatch.parse("spaces", root.resolve("solutions/exercise-09-demo/chaffs/spaces.patch"), List.of(
                "Mistake: m", "Caught by: c", "Base: reference", "",
                "--- a/src/main/java/demo/Greeter.java", "+++ b/src/main/java/demo/Greeter.java",
                "@@ -5 +5 @@", "-        return \"Hello, \"  + name;", "+        return name;"));
        ChaffPatch.FileChange change = chaff.changes().get(0);

        assertThatThrownBy(() -> chaff.applyTo(change, GREETER))
                .isInstanceOf(BadPatch.class)
                .hasMessageContaining("hunk 1 (@@ -5 +5 @@): line 5 of the base is \"        return \"Hello, \" + name;\"");
    }

    @Test
    void keeps_the_CRLF_line_endings_of_a_CRLF_base_and_reads_a_CRLF_patch() throws IOException {
        Path sources = root.resolve("solutions/exercise-09-demo/src/main/java/demo");
        Files.createDirectories(sources);
        Files.writeString(sources.resolve("Greeter.java"), GREETER.replace("\n", "\r\n"));
        Files.writeString(sources.resolve("Counter.java"), COUNTER.replace("\n", "\r\n"));
        Path patch = write("two-mistakes", TWO_FILES.replace("\n", "\r\n"));

        ChaffPatch.read(patch).writeTree(root.resolve("out"));

        assertThat(root.resolve("out/src/main/java/demo/Greeter.java")).content(StandardCharsets.UTF_8)
                .isEqualTo(GREETER.replace("\"Hello, \"", "\"Hello \"").replace("\n", "\r\n"));
        assertThat(root.resolve("out/src/main/java/demo/Counter.java")).content(StandardCharsets.UTF_8)
                .isEqualTo(COUNTER.replace("    int next() {\n", "    int next() {\n        count++;\n").replace("\n", "\r\n"));
    }

    @Test
    void refuses_a_header_without_a_check_that_catches_the_mistake() {
        assertThatThrownBy(() -> ChaffPatch.read(write("unlabelled", TWO_FILES.replace("Caught by: greets by name\nCaught by: counts from one\n", ""))))
                .isInstanceOf(BadPatch.class)
                .hasMessageStartingWith("Chaff unlabelled: the header needs a Mistake: line, one Caught by: line per check");
    }

    @Test
    void refuses_a_hunk_with_fewer_lines_than_its_header_counts() {
        String cut = TWO_FILES.substring(0, TWO_FILES.lastIndexOf("     }\n"));

        assertThatThrownBy(() -> ChaffPatch.read(write("cut-short", cut)))
                .isInstanceOf(BadPatch.class)
                .hasMessageContaining("Chaff cut-short, src/main/java/demo/Counter.java")
                .hasMessageContaining("has other lines than its header counts: end of the patch");
    }

    @Test
    void refuses_to_write_into_a_folder_that_exists() throws IOException {
        Path out = Files.createDirectories(root.resolve("out"));

        assertThatThrownBy(() -> ChaffPatch.read(write("two-mistakes", TWO_FILES)).writeTree(out))
                .isInstanceOf(BadPatch.class)
                .hasMessageContaining("exists already");
    }

    /** Writes the base (unless there is one) and a chaff of exercise-09-demo, as the workshop lays them out. */
    private Path write(String name, String patch) throws IOException {
        Path sources = root.resolve("solutions/exercise-09-demo/src/main/java/demo");
        if (!Files.isDirectory(sources)) {
            Files.createDirectories(sources);
            Files.writeString(sources.resolve("Greeter.java"), GREETER);
            Files.writeString(sources.resolve("Counter.java"), COUNTER);
        }
        Path file = root.resolve("solutions/exercise-09-demo/chaffs/" + name + ".patch");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, patch);
    }
}
