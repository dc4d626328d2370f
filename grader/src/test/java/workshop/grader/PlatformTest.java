package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlatformTest {

    /**
     * Reproduces a background job of a non-interactive shell: SIGINT ignored from birth, inherited
     * by what it starts. Through the grader's prefix, the program below starts with SIGINT at its
     * default again.
     */
    @Test
    void the_launch_prefix_puts_an_inherited_ignored_SIGINT_back_to_default() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux /proc");
        List<String> prefix = Platform.sigintDefaultPrefix();
        assumeTrue(!prefix.isEmpty(), "a launcher that resets SIGINT");

        String ignoredWithout = sigIgnOfChild(List.of());
        String ignoredWith = sigIgnOfChild(prefix);

        assertThat(sigintBit(ignoredWithout)).as("SIGINT ignored below a shell that ignores it (SigIgn %s)", ignoredWithout).isTrue();
        assertThat(sigintBit(ignoredWith)).as("SIGINT ignored through the prefix %s (SigIgn %s)", prefix, ignoredWith).isFalse();
    }

    private static String sigIgnOfChild(List<String> prefix) throws IOException, InterruptedException {
        List<String> command = Platform.concat(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"),
                Platform.concat(prefix, List.of("grep", "SigIgn", "/proc/self/status")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("SigIgn:", "").trim();
    }

    private static boolean sigintBit(String mask) {
        return (Long.parseUnsignedLong(mask, 16) & 0b10) != 0;
    }
}
