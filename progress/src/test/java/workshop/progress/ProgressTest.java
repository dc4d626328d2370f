package workshop.progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import workshop.grader.RepositoryRoot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Prints the progress table at the end of {@code ./mvnw test -P progress}. It is a report, not a
 * check: it passes whatever the table says. In a GitHub Actions run it also adds the table, in
 * Markdown, to the run's page (the file that {@code GITHUB_STEP_SUMMARY} names).
 */
@EnabledIfSystemProperty(named = "workshop.run", matches = ".+", disabledReason = "prints only in the progress run: ./mvnw test -P progress")
class ProgressTest {

    @Test
    void print_the_progress_table() throws IOException {
        String run = System.getProperty("workshop.run");
        List<ProgressTable.Exercise> exercises = ProgressTable.read(RepositoryRoot.find(), run);
        System.out.print(ProgressTable.render(exercises));
        System.out.flush();
        String summary = System.getenv("GITHUB_STEP_SUMMARY");
        if (summary != null && !summary.isBlank()) {
            Files.writeString(Path.of(summary), ProgressMarkdown.render(exercises), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
