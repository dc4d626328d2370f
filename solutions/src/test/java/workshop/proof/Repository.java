package workshop.proof;

import workshop.grader.RepositoryRoot;

import java.nio.file.Path;

/** The workshop's root folder, found the way the grader finds it. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        return RepositoryRoot.find();
    }
}
