package workshop.proof;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A checker from the npm registry, installed globally ({@code npm install -g NAME}) by whoever wants
 * the check: the build installs nothing, so a test that needs one is skipped, with the reason, where
 * it is missing.
 */
final class NpmTool {

    private NpmTool() {
    }

    /** The installed package's folder, or the test is skipped saying how to install it. */
    static Path require(String name) {
        Optional<Path> folder = find(name);
        assumeTrue(folder.isPresent(), () -> name + " is not installed (npm install -g " + name + "), so this check is skipped");
        return folder.orElseThrow();
    }

    /** Node itself, or the test is skipped. */
    static void requireNode() {
        assumeTrue(runs(List.of("node", "--version")), "node is not installed, so this check is skipped");
    }

    private static Optional<Path> find(String name) {
        if (!runs(List.of("npm", "--version"))) {
            return Optional.empty();
        }
        Command.Result root = Command.run(Path.of("").toAbsolutePath(), Duration.ofSeconds(30), List.of("npm", "root", "-g"));
        if (root.status() != 0) {
            return Optional.empty();
        }
        Path folder = Path.of(root.output().strip()).resolve(name);
        return Files.isRegularFile(folder.resolve("package.json")) ? Optional.of(folder) : Optional.empty();
    }

    private static boolean runs(List<String> command) {
        try {
            return Command.run(Path.of("").toAbsolutePath(), Duration.ofSeconds(30), command).status() == 0;
        } catch (java.io.UncheckedIOException notFound) {
            return false;
        }
    }
}
