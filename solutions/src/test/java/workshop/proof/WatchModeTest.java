package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's watch command, end to end, as a learner runs it: in a copy of the workshop with
 * exercise 01 finished, {@code ./mvnw test -pl exercise-01-hello-server -P watch} prints the report,
 * grades again after a save (with servers from spare JVMs), and Ctrl+C, sent to the whole process
 * group as a terminal sends it, ends Maven, the test JVM and every server.
 *
 * <p>It asserts no speed: {@code bench/watch-latency.sh} measures that on a quiet machine.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Ctrl+C is sent with kill to a process group, which Windows does not have")
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WatchModeTest {

    private static final String EXERCISE = "exercise-01-hello-server";
    private static final String MAIN_SOURCE = "src/main/java/workshop/hello/HelloServer.java";
    private static final Pattern GRADED = Pattern.compile("Graded in [0-9.]+ s after the save was seen");

    @TempDir
    Path copy;

    @Test
    void grades_again_on_a_save_and_Ctrl_C_leaves_nothing_running() throws Exception {
        assumeTrue(runs("setsid", "true") && runs("env", "--default-signal=INT", "true"),
                "needs setsid and GNU env (Linux) to send Ctrl+C to a process group");
        Path root = Repository.root();
        Repository.copy(root, copy, relative -> !isLeftOut(relative));
        Path source = copy.resolve(EXERCISE).resolve(MAIN_SOURCE);
        Files.copy(root.resolve("solutions").resolve(EXERCISE).resolve(MAIN_SOURCE), source, StandardCopyOption.REPLACE_EXISTING);
        Path log = copy.resolve("watch.log");

        // Its own process group (setsid) with SIGINT at its default, as in a terminal. Offline: the
        // build that runs this test has fetched every plugin the command needs.
        Process watch = new ProcessBuilder("setsid", "env", "--default-signal=INT",
                copy.resolve("mvnw").toString(), "--batch-mode", "--offline", "test", "-pl", EXERCISE, "-P", "watch")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long group = watch.pid();
        try {
            await("the first report and the Watching line").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !watch.isAlive() || read(log).contains("\nWatching " + EXERCISE));
            assertThat(read(log)).as("the output of the watch command").contains("\nWatching " + EXERCISE)
                    .contains(EXERCISE + ": 21 of 21 checks pass");

            Files.writeString(source, "// saved\n", StandardOpenOption.APPEND);
            await("the report after the save").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !watch.isAlive() || count(GRADED, read(log)) == 1);
            String afterSave = read(log);
            assertThat(count(GRADED, afterSave)).as("reports after the save, in\n%s", afterSave).isEqualTo(1);
            assertThat(afterSave.substring(afterSave.indexOf("\nWatching ")))
                    .as("the report after the save").contains(EXERCISE + ": 21 of 21 checks pass");
            await("spares for the next save").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> waitingSpares() >= 4);

            kill("-INT", group);
            assertThat(watch.waitFor(60, TimeUnit.SECONDS)).as("Maven ended within 60 s of Ctrl+C").isTrue();
            await("every process of the copy to end").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ours("").isEmpty());
        } finally {
            kill("-KILL", group);
        }
    }

    /** Our processes still running: those whose command line names the copy (and this text). */
    private List<String> ours(String text) {
        String folder = copy.toString();
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(folder) && line.contains(text))
                .collect(Collectors.toList());
    }

    /**
     * Spare JVMs of the copy still waiting: their class folder, the last entry of their class
     * path, is still empty. (A spare that was handed a server has its classes there, and may still
     * be ending just after the report.)
     */
    private long waitingSpares() {
        return ours("SpareLauncher").stream().filter(line -> {
            Matcher classPath = Pattern.compile(" -cp (\\S+) ").matcher(line);
            if (!classPath.find()) {
                return false;
            }
            String[] entries = classPath.group(1).split(java.io.File.pathSeparator);
            try (Stream<Path> inside = Files.list(Path.of(entries[entries.length - 1]))) {
                return inside.findAny().isEmpty();
            } catch (IOException gone) {
                return false;
            }
        }).count();
    }

    /** Build output and Git's own files are not part of the workshop a learner clones. */
    private static boolean isLeftOut(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("target") || part.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void kill(String signal, long group) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, "--", "-" + group).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
