package workshop.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The last step of the learner's command, {@code ./mvnw test -pl exercise-0N-…}: it gives the build
 * a failing exit status while a check fails, and says nothing more, because the report above has
 * said it all.
 *
 * <p>The checks' failures are not Maven's to report there: failing the build the usual way prints a
 * dozen {@code [ERROR]} lines after the report, about dump files and another command to run. So
 * Surefire is told to go on past failed checks, and this step, run by the exec plugin's
 * {@code exec:java} inside Maven's own JVM, ends that JVM with status 1 when the results file
 * of this build names a failed check. Everything else fails the build as Maven always does, with its
 * cause: no network, a broken pom, checks that do not compile, a test JVM that crashed.
 *
 * <p>Arguments: the results file the report wrote ({@code target/check-results.tsv}), and when the
 * build started, as Maven's {@code maven.build.timestamp} in the root pom's format, so that results
 * left by an earlier build never count.
 */
public final class ExitStatus {

    /** The root pom's {@code maven.build.timestamp.format}; Maven writes the time in UTC. */
    static final DateTimeFormatter BUILD_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);

    private ExitStatus() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: ExitStatus <results file> <build start, yyyyMMdd-HHmmss.SSS in UTC>");
        }
        Verdict verdict = verdict(Path.of(args[0]), Instant.from(BUILD_TIMESTAMP.parse(args[1])));
        if (verdict != Verdict.ALL_PASS) {
            if (verdict == Verdict.NOT_RUN) {
                System.out.println("No checks ran in this build, so none of them passed.");
            }
            System.out.flush();
            System.exit(1);
        }
    }

    /** What this build's checks came to. */
    enum Verdict { ALL_PASS, SOME_FAIL, NOT_RUN }

    static Verdict verdict(Path results, Instant buildStart) {
        try {
            if (!Files.isRegularFile(results) || Files.getLastModifiedTime(results).toInstant().isBefore(buildStart)) {
                return Verdict.NOT_RUN;
            }
            List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
            if (lines.size() < 2) {
                return Verdict.NOT_RUN;
            }
            // Found by the header's name, so a column added to the file moves nothing here.
            int outcome = List.of(lines.get(0).split("\t", -1)).indexOf("outcome");
            boolean failed = lines.stream().skip(1).map(line -> line.split("\t", -1))
                    .anyMatch(cells -> outcome < 0 || outcome >= cells.length || cells[outcome].equals(CheckReport.Outcome.FAILED.name()));
            return failed ? Verdict.SOME_FAIL : Verdict.ALL_PASS;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
