package workshop.progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import workshop.grader.RepositoryRoot;


/**
 * Prints the progress table at the end of {@code ./mvnw test -P progress}. It is a report, not a
 * check: it passes whatever the table says.
 */
@EnabledIfSystemProperty(named = "workshop.run", matches = ".+", disabledReason = "prints only in the progress run: ./mvnw test -P progress")
class ProgressTest {

    @Test
    void print_the_progress_table() {
        String run = System.getProperty("workshop.run");
        System.out.print(ProgressTable.render(ProgressTable.read(RepositoryRoot.find(), run)));
        System.out.flush();
    }
}
