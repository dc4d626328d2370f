package workshop.proof;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's debug command, end to end: in a copy of the workshop,
 * {@code ./mvnw test -pl exercise-01-hello-server -Dworkshop.debug=<port> -Dworkshop.only=<check>}
 * on the reference answer says where its server waits for a debugger; {@code jdb} attaches there,
 * stops at a breakpoint in the server's handler and holds it there longer than any bound of the
 * check (a response within 5 s, a check within 15 s), and the check still passes once it resumes.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs ./mvnw, the wrapper's shell script, as the README's Linux and macOS command does")
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DebugModeTest {

    private static final String EXERCISE = "exercise-01-hello-server";
    private static final String CHECK = "answers GET / with 200, text/plain and Hello, world!";
    private static final String BREAKPOINT = "workshop.hello.HelloServer.handle";
    /** Longer than the check's own bound of 15 s, and so than every wait inside it. */
    private static final Duration HELD = Duration.ofSeconds(16);

    @TempDir
    Path copy;

    @Test
    void jdb_stops_the_server_at_a_breakpoint_for_longer_than_the_checks_bounds_and_the_check_still_passes() throws Exception {
        Path jdb = Path.of(System.getProperty("java.home"), "bin", "jdb");
        assumeTrue(Files.isExecutable(jdb), "this JDK has no jdb");
        Repository.copyWorkshop(copy);
        int port = freePort();
        Path mavenLog = copy.resolve("maven.log");
        Path jdbLog = copy.resolve("jdb.log");
        Process maven = new ProcessBuilder(copy.resolve("mvnw").toString(), "--batch-mode", "--offline", "test",
                "-pl", EXERCISE, "-Dworkshop.answer=reference", "-Dworkshop.debug=" + port, "-Dworkshop.only=" + CHECK)
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(mavenLog.toFile()).start();
        Process debugger = null;
        try {
            String waits = "waits for a debugger on 127.0.0.1:" + port;
            await("the line that says where the server waits").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !maven.isAlive() || read(mavenLog).contains(waits));
            assertThat(read(mavenLog)).as("the output of the debug command").contains("[debug] PORT=0 java workshop.hello.HelloServer " + waits);

            debugger = new ProcessBuilder(jdb.toString(), "-attach", "127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(jdbLog.toFile()).start();
            OutputStream commands = debugger.getOutputStream();
            Process attached = debugger;
            // A command jdb reads before it has attached is lost ("cont" says "Nothing suspended" and
            // the server stays suspended): each one waits for jdb's answer to the one before.
            await("jdb to attach").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !attached.isAlive() || read(jdbLog).contains("VM Started"));
            send(commands, "stop in " + BREAKPOINT);
            await("jdb to take the breakpoint").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !attached.isAlive() || read(jdbLog).contains(BREAKPOINT));
            send(commands, "cont");
            try {
                await("jdb to stop at the breakpoint").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !attached.isAlive() || read(jdbLog).contains("Breakpoint hit"));
            } catch (ConditionTimeoutException e) {
                // Said by the assertion below, with what jdb and Maven printed.
            }
            assertThat(read(jdbLog)).as("what jdb printed, while Maven printed\n%s", read(mavenLog)).contains("Breakpoint hit").contains(BREAKPOINT + "()");

            // Held at the breakpoint, the check waits: no report, no time-out.
            await("the check waiting while the server is held").during(HELD).atMost(HELD.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> maven.isAlive() && !read(mavenLog).contains("checks pass"));

            send(commands, "cont");
            assertThat(maven.waitFor(60, TimeUnit.SECONDS)).as("Maven ended within 60 s of the server's resuming").isTrue();
            assertThat(read(mavenLog)).as("the report").contains(EXERCISE + ": 1 of 1 checks pass").contains("✔ " + CHECK);
            assertThat(maven.exitValue()).as("exit status of the debug command").isZero();
        } finally {
            if (debugger != null) {
                debugger.destroyForcibly();
            }
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
        }
    }

    private static void send(OutputStream commands, String command) throws IOException {
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
    }

    /**
     * A free port below the range the system hands out for port 0 (32768 and up on Linux, 49152 and
     * up on macOS and Windows): the servers other tests start with PORT=0 meanwhile cannot take it
     * between this choice and the debug agent's bind, and jdb then attach to one of them.
     */
    private static int freePort() {
        for (int port = 21000; port < 22000; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // The next one.
            }
        }
        throw new IllegalStateException("no free port from 21000 to 21999 on 127.0.0.1");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
