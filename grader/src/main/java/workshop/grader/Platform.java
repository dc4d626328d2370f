package workshop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the operating system lets the grader do with signals.
 *
 * <p>A command started as a background job of a non-interactive shell starts with SIGINT ignored,
 * every process below it inherits that, and a JVM that starts with SIGINT ignored installs no
 * handler for it: Ctrl+C would then do nothing to a correct server. So the grader starts servers
 * through a launcher that puts SIGINT back to its default, and can tell, on Linux, whether a
 * running process ignores SIGINT.
 */
final class Platform {

    private static final int SIGINT = 2;

    private static volatile List<String> sigintDefaultPrefix;

    private Platform() {
    }

    static boolean hasPosixSignals() {
        return !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** A command prefix that starts the next program with SIGINT at its default disposition. */
    static List<String> sigintDefaultPrefix() {
        List<String> prefix = sigintDefaultPrefix;
        if (prefix == null) {
            prefix = findSigintDefaultPrefix();
            sigintDefaultPrefix = prefix;
        }
        return prefix;
    }

    private static List<String> findSigintDefaultPrefix() {
        if (!hasPosixSignals()) {
            return List.of();
        }
        // GNU coreutils 8.31+ (Linux).
        List<String> env = List.of("env", "--default-signal=INT");
        if (runs(env)) {
            return env;
        }
        // macOS and other systems without GNU env: perl is part of the base system.
        List<String> perl = List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"cannot start $ARGV[0]: $!\\n\"");
        if (runs(perl)) {
            return perl;
        }
        return List.of();
    }

    private static boolean runs(List<String> prefix) {
        try {
            Process probe = new ProcessBuilder(concat(prefix, List.of("true")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!probe.waitFor(5, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether the process ignores SIGINT, read from {@code /proc/<pid>/status} on Linux; empty
     * where the system does not say.
     */
    static Optional<Boolean> ignoresSigint(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                    return Optional.of((mask & (1L << (SIGINT - 1))) != 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Sends a signal by process id, the way {@code kill -INT 1234} does. */
    static void kill(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not return within 5 s");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
