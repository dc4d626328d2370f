package workshop.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One exercise as the proof tests see it: its folder, its check class, and the checks its untouched
 * stub passes from the start (its README says which).
 */
record Exercise(String folder, String checkClass, Set<String> stubPasses) {

    /** Every exercise whose checks the proof tests prove. */
    static final List<Exercise> ALL = List.of(
            new Exercise("exercise-01-hello-server", "workshop.hello.HelloServerTest", Set.of()),
            new Exercise("exercise-02-ports", "workshop.ports.PortsServerTest", Set.of()),
            new Exercise("exercise-03-lifecycle", "workshop.lifecycle.LifecycleServerTest", Set.of()),
            new Exercise("exercise-04-shared-state", "workshop.sharedstate.CartServerTest", Set.of(
                    "serves one user: adds items, shows the cart, checks out, and logs each request",
                    "counts every request exactly in GET /stats")),
            new Exercise("exercise-05-shutdown", "workshop.shutdown.GracefulServerTest", Set.of()));

    /** The learner's stub, as the grader setting names it. */
    String stub() {
        return folder;
    }

    /** The reference answer, as the grader setting names it. */
    String reference() {
        return "solutions/" + folder;
    }

    /** The other correct answers, each a folder with a whole program. */
    List<String> wheats() {
        return answersIn("wheats", Files::isDirectory);
    }

    /** The wrong answers, each a patch on the reference answer or on a wheat. */
    List<String> chaffs() {
        return answersIn("chaffs", file -> file.getFileName().toString().endsWith(".patch"));
    }

    private List<String> answersIn(String kind, Predicate<Path> isAnswer) {
        Path dir = Repository.root().resolve("solutions").resolve(folder).resolve(kind);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> answers = Files.list(dir)) {
            return answers.filter(isAnswer)
                    .map(answer -> "solutions/" + folder + "/" + kind + "/" + answer.getFileName())
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
