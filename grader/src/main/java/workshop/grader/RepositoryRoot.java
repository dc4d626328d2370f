package workshop.grader;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the workshop's root folder: the one that holds the Maven Wrapper. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    public static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(".mvn"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the workshop's root folder (the one with mvnw) above " + start);
    }
}
