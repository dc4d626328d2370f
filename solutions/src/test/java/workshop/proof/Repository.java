package workshop.proof;

import java.nio.file.Files;
import java.nio.file.Path;

/** The workshop's root folder, found from the module the tests run in. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(".mvn"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No workshop root (with mvnw) above " + Path.of("").toAbsolutePath());
    }
}
