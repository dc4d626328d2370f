package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import workshop.grader.ChaffPatch;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every chaff is labelled one way, and the grader's README shows a real one, word for word. Whether
 * each applies and is caught is {@link AnswersTest}'s part.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChaffFormatTest {

    private static final String EXAMPLE = "solutions/exercise-01-hello-server/chaffs/never-logs.patch";

    @Test
    void every_chaff_says_its_mistake_in_one_sentence_and_only_in_its_header() throws IOException {
        for (Exercise exercise : Exercise.all()) {
            for (String name : exercise.chaffs()) {
                ChaffPatch chaff = ChaffPatch.read(Repository.root().resolve(name));
                List<String> lines = Files.readAllLines(chaff.file());

                assertThat(chaff.mistake()).as("the Mistake: line of %s", name).endsWith(".").doesNotContain(". ");
                assertThat(lines).as("lines of %s", name).noneMatch(line -> line.matches("[+ ]\\s*//\\s*(Chaff|Caught by|Mistake|The mistake):.*"));
                assertThat(chaff.changes()).as("files %s changes", name).allMatch(change -> change.path().startsWith("src/main/java/"));
            }
        }
    }

    @Test
    void the_grader_README_shows_a_chaff_as_it_is() throws IOException {
        String readme = Files.readString(Repository.root().resolve("grader/README.md"));
        String patch = Files.readString(Repository.root().resolve(EXAMPLE));

        assertThat(readme).as("grader/README.md, which shows %s", EXAMPLE).contains("`" + EXAMPLE + "`:\n\n```\n" + patch + "```\n");
    }
}
