package workshop.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts an exercise's stub back: {@code src/main} as the workshop ships it, whatever the learner has
 * written or committed since. The learner's files are moved aside first, not deleted.
 *
 * <p>The stub is found by content, not by a commit: each exercise's {@code pom.xml} names, in the
 * property {@code workshop.stubTree}, the id git gives the folder {@code src/main} of the untouched
 * stub. Git names a folder by what it holds, so that id is the same in a clone of the workshop, in a
 * fork, and in a class's copy made from the student edition, and the learner's own commits cannot
 * change what it points to. The proof tests keep the property equal to the stub as committed.
 *
 * <p>JDK only and no other grader class, so that it runs on its own, on any platform with git:
 * {@code java grader/src/main/java/workshop/grader/ResetToStub.java exercise-01-hello-server},
 * from the workshop's folder. Exit status 0 when the stub is back, 2 when nothing was changed.
 */
public final class ResetToStub {

    private static final Pattern STUB_TREE = Pattern.compile("<workshop\\.stubTree>([0-9a-f]{40})</workshop\\.stubTree>");

    private static final int GIT_SECONDS = 30;

    private ResetToStub() {
    }

    /** A reason to stop before anything is changed, said in one line. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("Usage: java grader/src/main/java/workshop/grader/ResetToStub.java <exercise folder>");
            System.err.println("   e.g. java grader/src/main/java/workshop/grader/ResetToStub.java exercise-01-hello-server");
            System.exit(2);
        }
        try {
            Path root = Path.of(git(Path.of("."), "rev-parse", "--show-toplevel").trim());
            Path named = Path.of(args[0]).normalize().getFileName();
            String exercise = named == null ? args[0] : named.toString();
            Path moved = reset(root, exercise, LocalDateTime.now());
            System.out.println(exercise + "/src/main is the stub again.");
            if (moved != null) {
                System.out.println("Your files were moved to " + root.relativize(moved).toString().replace('\\', '/')
                        + " (a build's clean removes target/: copy out what you want to keep).");
            }
        } catch (Refused e) {
            System.err.println("Nothing was changed: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Moves {@code <exercise>/src/main} to a new folder under the exercise's {@code target/} and writes
     * the stub in its place.
     *
     * @return where the learner's files went, or {@code null} when there was no {@code src/main}
     */
    static Path reset(Path root, String exercise, LocalDateTime now) {
        Path folder = root.resolve(exercise);
        Path pom = folder.resolve("pom.xml");
        if (!exercise.startsWith("exercise-") || !Files.isRegularFile(pom)) {
            throw new Refused("\"" + exercise + "\" is not an exercise folder of " + root
                    + " (name one such as exercise-01-hello-server, from the workshop's folder).");
        }
        String tree = stubTree(pom);
        List<String[]> files = stubFiles(root, tree);

        Path main = folder.resolve("src").resolve("main");
        Path moved = null;
        if (Files.exists(main)) {
            moved = folder.resolve("target").resolve("before-reset-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            try {
                Files.createDirectories(moved);
                Files.move(main, moved.resolve("main"));
            } catch (IOException e) {
                throw new Refused("could not move " + main + " aside (" + e + "); close any program that holds a file in it.");
            }
        }
        for (String[] file : files) {
            String mode = file[0];
            String blob = file[1];
            String path = file[2];
            Path target = main.resolve(path);
            try {
                Files.createDirectories(target.getParent());
                // --filters: the line endings this checkout uses, as a fresh checkout would write them.
                Files.write(target, gitBytes(root, "cat-file", "--filters", "--path=" + exercise + "/src/main/" + path, blob));
                if (mode.equals("100755")) {
                    target.toFile().setExecutable(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return moved == null ? null : moved.resolve("main");
    }

    /** The id of the stub's {@code src/main} folder, as the exercise's pom names it. */
    public static String stubTree(Path pom) {
        try {
            Matcher m = STUB_TREE.matcher(Files.readString(pom, StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new Refused(pom + " names no workshop.stubTree: this copy of the workshop predates resetting.");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mode, blob id and path (relative to {@code src/main}) of every file of the stub. */
    private static List<String[]> stubFiles(Path root, String tree) {
        String listing;
        try {
            listing = git(root, "ls-tree", "-r", "-z", tree);
        } catch (Refused e) {
            throw new Refused("this repository does not hold the stub (folder " + tree + "): git pull the workshop, "
                    + "or fetch its full history if the clone is shallow (git fetch --unshallow).");
        }
        List<String[]> files = new ArrayList<>();
        for (String entry : listing.split("\0")) {
            if (entry.isEmpty()) {
                continue;
            }
            int tab = entry.indexOf('\t');
            String[] modeTypeId = entry.substring(0, tab).split(" ");
            if (modeTypeId[1].equals("blob")) {
                files.add(new String[] {modeTypeId[0], modeTypeId[2], entry.substring(tab + 1)});
            }
        }
        if (files.isEmpty()) {
            throw new Refused("the stub (folder " + tree + ") holds no file.");
        }
        return files;
    }

    static String git(Path directory, String... args) {
        return new String(gitBytes(directory, args), StandardCharsets.UTF_8);
    }

    /** What git printed, run in {@code directory}; every run is bounded, since git may wait on a lock. */
    private static byte[] gitBytes(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Path output = null;
        Path errors = null;
        try {
            output = Files.createTempFile("reset-to-stub", ".out");
            errors = Files.createTempFile("reset-to-stub", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            } catch (IOException e) {
                throw new Refused("git could not be run (" + e.getMessage() + "); resetting needs git on the PATH.");
            }
            process.getOutputStream().close();
            if (!process.waitFor(GIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new Refused("git " + String.join(" ", args) + " did not finish within " + GIT_SECONDS + " s.");
            }
            if (process.exitValue() != 0) {
                String said = Files.readString(errors, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("no message");
                throw new Refused("git " + String.join(" ", args) + " failed in " + directory + ": " + said);
            }
            return Files.readAllBytes(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        } finally {
            deleteQuietly(output);
            deleteQuietly(errors);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind is harmless.
            }
        }
    }
}
