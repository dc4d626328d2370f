package workshop.proof;

import workshop.grader.RepositoryRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The workshop's root folder, found the way the grader finds it, and copies of its parts. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        return RepositoryRoot.find();
    }

    /** Copies the workshop as a learner clones it (no build output, no Git folder) into {@code to}. */
    static void copyWorkshop(Path to) throws IOException {
        copy(root(), to, relative -> {
            for (Path part : relative) {
                if (part.toString().equals("target") || part.toString().equals(".git")) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Makes every Maven command in the workshop at {@code folder} run offline, as if each were given
     * {@code --offline}: for commands run as they are written (a workflow's step, a script's), in a
     * copy made by a test whose build has already fetched all they need.
     */
    static void offline(Path folder) throws IOException {
        Files.writeString(folder.resolve(".mvn/maven.config"), "--offline\n", StandardOpenOption.APPEND);
    }

    /** Deletes the folder and all it holds, if it exists. */
    static void delete(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Copies the folder {@code from} into {@code to}, file modes included. */
    static void copy(Path from, Path to) throws IOException {
        copy(from, to, relative -> true);
    }

    /**
     * Copies the folder {@code from} into {@code to}, file modes included, but for the files and
     * folders whose path relative to {@code from} is not {@code kept} (a folder left out is left
     * out whole).
     */
    static void copy(Path from, Path to, Predicate<Path> kept) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(file -> kept.test(from.relativize(file))).collect(Collectors.toList());
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
