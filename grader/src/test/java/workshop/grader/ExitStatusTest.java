package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.ExitStatus.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExitStatusTest {

    private static final Instant BUILD_START = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir
    Path target;

    @Test
    void the_build_fails_while_one_check_fails() throws IOException {
        Path results = results(BUILD_START.plusSeconds(5), "PASSED", "FAILED", "SKIPPED");

        assertThat(ExitStatus.verdict(results, BUILD_START)).isEqualTo(Verdict.SOME_FAIL);
    }

    @Test
    void the_build_passes_when_every_check_passes_or_is_skipped() throws IOException {
        Path results = results(BUILD_START.plusSeconds(5), "PASSED", "SKIPPED");

        assertThat(ExitStatus.verdict(results, BUILD_START)).isEqualTo(Verdict.ALL_PASS);
    }

    @Test
    void results_older_than_the_build_or_none_at_all_mean_no_check_ran() throws IOException {
        Path results = results(BUILD_START.minusMillis(1), "PASSED");

        assertThat(ExitStatus.verdict(results, BUILD_START)).as("results of an earlier build").isEqualTo(Verdict.NOT_RUN);
        assertThat(ExitStatus.verdict(target.resolve("none.tsv"), BUILD_START)).as("no results file").isEqualTo(Verdict.NOT_RUN);
        assertThat(ExitStatus.verdict(results(BUILD_START.plusSeconds(1)), BUILD_START)).as("a results file without checks").isEqualTo(Verdict.NOT_RUN);
    }

    @Test
    void a_results_file_without_an_outcome_column_never_passes_the_build() throws IOException {
        Path results = target.resolve("check-results.tsv");
        Files.writeString(results, "run\tcheck\n\tlistens on the port\n");

        assertThat(ExitStatus.verdict(results, Instant.EPOCH)).isEqualTo(Verdict.SOME_FAIL);
    }

    @Test
    void the_build_start_is_read_in_the_root_poms_timestamp_format() {
        assertThat(Instant.from(ExitStatus.BUILD_TIMESTAMP.parse("20260102-030405.678"))).isEqualTo(BUILD_START);
    }

    /** A results file as the report writes it: a header, then one line per check, the outcome in the fifth column. */
    private Path results(Instant written, String... outcomes) throws IOException {
        Path file = target.resolve("check-results.tsv");
        StringBuilder text = new StringBuilder("run\tanswer\texercise\tstep\toutcome\tcheck\n");
        for (int i = 0; i < outcomes.length; i++) {
            text.append(String.join("\t", "", "", "exercise-09-x", Integer.toString(i + 1), outcomes[i], "check " + i)).append('\n');
        }
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }
}
