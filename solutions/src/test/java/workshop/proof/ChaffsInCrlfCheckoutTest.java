package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.ChaffPatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every chaff applies in a checkout made with {@code core.autocrlf=true}, the setting Git for
 * Windows installs by default: there every answer's lines end with CR LF. The chaffs are applied in
 * two clones of this workshop's current commit, one with CR LF and one with LF line endings, and
 * must give the same files, each with its base's line endings. Committed files only: a clone gets
 * nothing that is not committed.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChaffsInCrlfCheckoutTest {

    @TempDir
    Path scratch;

    @Test
    void every_chaff_applies_in_a_checkout_with_CRLF_line_endings_and_keeps_them() throws IOException {
        Path root = Repository.root();
        assumeTrue(exec(root, "git", "--version").status() == 0, "git is not installed, so no checkout with CR LF line endings can be made");
        assumeTrue(Files.exists(root.resolve(".git")), "the workshop is not a git checkout here, so it cannot be cloned");
        Path crlf = checkout(root, "crlf", "true");
        Path lf = checkout(root, "lf", "false");

        List<Path> chaffs = chaffsIn(crlf);
        assertThat(chaffs).as("chaffs in the CR LF checkout").isNotEmpty();
        for (Path patch : chaffs) {
            Path relative = crlf.relativize(patch);
            ChaffPatch inCrlf = ChaffPatch.read(patch);
            Path crlfTree = scratch.resolve("applied-crlf").resolve(relative);
            Path lfTree = scratch.resolve("applied-lf").resolve(relative);
            inCrlf.writeTree(crlfTree);
            ChaffPatch.read(lf.resolve(relative)).writeTree(lfTree);

            for (ChaffPatch.FileChange change : inCrlf.changes()) {
                String base = Files.readString(inCrlf.baseFolder().resolve(change.path()), StandardCharsets.UTF_8);
                String applied = Files.readString(crlfTree.resolve(change.path()), StandardCharsets.UTF_8);
                String appliedWithLf = Files.readString(lfTree.resolve(change.path()), StandardCharsets.UTF_8);
                assertThat(base).as("%s in the checkout with core.autocrlf=true", change.path()).contains("\r\n");
                assertThat(applied.replace("\r\n", "")).as("%s patched by %s: a line that ends with LF alone", change.path(), relative).doesNotContain("\n");
                assertThat(applied).as("%s patched by %s, with CR LF", change.path(), relative).isEqualTo(appliedWithLf.replace("\n", "\r\n"));
            }
        }
    }

    /** A clone of the workshop's current commit, checked out with core.autocrlf set to {@code autocrlf}. */
    private Path checkout(Path root, String name, String autocrlf) {
        Path clone = scratch.resolve(name);
        Result head = exec(root, "git", "rev-parse", "HEAD");
        assertThat(head.status()).as("exit status of git rev-parse HEAD in %s\n%s", root, head.output()).isZero();
        run(scratch, "git", "-c", "core.autocrlf=" + autocrlf, "clone", "--quiet", "--no-checkout", root.toString(), clone.toString());
        run(clone, "git", "-c", "core.autocrlf=" + autocrlf, "checkout", "--quiet", "--detach", head.output().strip());
        return clone;
    }

    private static List<Path> chaffsIn(Path workshop) throws IOException {
        try (Stream<Path> walk = Files.walk(workshop.resolve("solutions"))) {
            return walk.filter(p -> p.getParent().endsWith("chaffs") && p.toString().endsWith(".patch")).sorted().collect(Collectors.toList());
        }
    }

    private void run(Path folder, String... command) {
        Result result = exec(folder, command);
        assertThat(result.status()).as("exit status of %s\n%s", String.join(" ", command), result.output()).isZero();
    }

    private record Result(int status, String output) {
    }

    /** Runs {@code command} in {@code folder} for at most 60 s; status -1 if it cannot start at all. */
    private Result exec(Path folder, String... command) {
        Process process = null;
        try {
            // Output to a file, so reading it can never wait on the process.
            Path output = Files.createTempFile(scratch, "output", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(variable -> variable.startsWith("GIT_"));
            try {
                process = builder.start();
            } catch (IOException cannotStart) {
                return new Result(-1, cannotStart.getMessage());
            }
            process.getOutputStream().close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended within 60 s", String.join(" ", command)).isTrue();
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
