package workshop.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to its end within a bound, its output (standard error too) kept in a file so
 * that reading it can never hold the command up. A command that outlives its bound is ended with
 * every process below it, and the test fails.
 */
final class Command {

    /** How a command ended: its exit status and everything it printed. */
    record Result(int status, String output) {
    }

    private Command() {
    }

    static Result run(Path directory, Duration limit, List<String> command) {
        return run(directory, limit, command, Map.of());
    }

    static Result run(Path directory, Duration limit, List<String> command, Map<String, String> environment) {
        try {
            Path output = Files.createTempFile("command", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
                // Git's variables of the calling process would point git at another repository.
                builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
                builder.environment().putAll(environment);
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }
}
