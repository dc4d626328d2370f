package workshop.proof;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import workshop.grader.ChaffPatch;
import workshop.grader.CheckReport.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every exercise README has one contract table, and every row of it is held: by a check that
 * exists and teaches the row's step, and that some chaff is caught by; or it says why it cannot be
 * observed from outside. Every check holds a row: a check outside the contract asks what nobody
 * promised. (The line under the table, which names the checks the untouched stub passes, is
 * {@link AnswersTest}'s to prove.)
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
class ContractTableTest {

    @TestFactory
    Stream<DynamicNode> every_exercise_README_holds_each_promise_to_a_check() {
        return Exercise.selected().stream().map(exercise -> {
            ContractTable table = ContractTable.of(Repository.root().resolve(exercise.folder()).resolve("README.md"));
            CheckRun stub = CheckRun.of(exercise, exercise.stub());
            Map<String, Integer> steps = stub.results().stream().collect(Collectors.toMap(Result::name, Result::step, (a, b) -> a));
            List<String> caught = caughtByAnyChaff(exercise);
            List<DynamicNode> rows = new ArrayList<>();
            for (ContractTable.Row row : table.rows()) {
                rows.add(DynamicTest.dynamicTest(row.promise(), () -> rowIsHeld(row, steps, caught)));
            }
            return DynamicContainer.dynamicContainer(exercise.folder(), Stream.concat(Stream.of(
                    DynamicTest.dynamicTest("has one contract table", () -> assertThat(table.rows()).as("rows of the contract table").isNotEmpty()),
                    DynamicTest.dynamicTest("every check holds a row", () -> assertThat(steps.keySet().stream()
                            .filter(check -> table.rows().stream().noneMatch(row -> row.names(check))).collect(Collectors.toList()))
                            .as("checks of %s that no row of its contract table names", exercise.folder()).isEmpty())),
                    rows.stream()));
        });
    }

    private static void rowIsHeld(ContractTable.Row row, Map<String, Integer> steps, List<String> caught) {
        if (row.unobservable()) {
            assertThat(row.check()).as("why the promise \"%s\" cannot be observed, and the explain-out-loud question that covers it", row.promise())
                    .containsIgnoringCase("question");
            return;
        }
        List<String> held = steps.keySet().stream().filter(row::names).sorted().collect(Collectors.toList());
        assertThat(held).as("checks named by the row \"%s\" (it names `%s`); the checks are:\n  %s", row.promise(), row.check(),
                String.join("\n  ", new TreeSet<>(steps.keySet()))).isNotEmpty();
        assertThat(held).as("the README step of each check the row \"%s\" names", row.promise())
                .allSatisfy(check -> assertThat(steps.get(check)).as("step of `%s`", check).isEqualTo(row.step()));
        assertThat(caught.stream().filter(row::names).collect(Collectors.toList()))
                .as("chaffs caught by `%s` (a row no chaff is caught by is a promise nobody proved the check holds)", row.check()).isNotEmpty();
    }

    private static List<String> caughtByAnyChaff(Exercise exercise) {
        return exercise.chaffs().stream().flatMap(chaff -> ChaffPatch.read(Repository.root().resolve(chaff)).caughtBy().stream())
                .collect(Collectors.toList());
    }

    /** One README's contract table, read from its Markdown. */
    record ContractTable(List<Row> rows) {

        private static final Pattern HEADER = Pattern.compile("\\|\\s*promise\\s*\\|\\s*check\\s*\\|\\s*step\\s*\\|");
        private static final String UNOBSERVABLE = "not observable from outside";

        /** One promise: its words, the check cell (a backticked check name, `…` for any text), its step. */
        record Row(String promise, String check, int step) {

            boolean unobservable() {
                return check.startsWith(UNOBSERVABLE);
            }

            /** Whether this row names the check, `…` standing for any text. */
            boolean names(String checkName) {
                if (unobservable()) {
                    return false;
                }
                String name = check.replaceAll("^`|`$", "");
                String regex = Stream.of(name.split("…", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
                return checkName.matches(regex);
            }
        }

        static ContractTable of(Path readme) {
            List<String> lines;
            try {
                lines = Files.readAllLines(readme);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Row> rows = new ArrayList<>();
            int tables = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (HEADER.matcher(lines.get(i)).find()) {
                    tables++;
                    for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
                        String[] cells = lines.get(i).split("(?<!\\\\)\\|", -1);
                        assertThat(cells).as("cells of the contract table row  %s  in %s", lines.get(i), readme).hasSize(5);
                        rows.add(new Row(cells[1].strip(), cells[2].strip(), Integer.parseInt(cells[3].strip())));
                    }
                }
            }
            assertThat(tables).as("contract tables (a header | promise | check | step |) in %s", readme).isEqualTo(1);
            return new ContractTable(rows);
        }
    }
}
