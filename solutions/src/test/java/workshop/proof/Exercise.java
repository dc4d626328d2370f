package workshop.proof;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import workshop.grader.Checks;
import workshop.grader.Exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * One exercise as the proof tests see it: its folder and its class of checks. Nothing here is
 * written twice: the exercises are those the root pom lists, each one's checks are the class that
 * says {@code @Checks(exercise = <its folder>)}, and the checks its untouched stub passes are those
 * its README's line "Passes on the untouched stub: …" names.
 */
record Exercise(String folder, Class<?> checkClass) {

    /** Limits the proof tests that take every exercise to one: {@code -Dworkshop.proof.exercise=exercise-02-ports}. */
    static final String ONLY = "workshop.proof.exercise";

    private static final String STUB_LINE = "Passes on the untouched stub:";

    private static List<Exercise> all;

    /** Every exercise of the workshop, in the root pom's order. */
    static synchronized List<Exercise> all() {
        if (all == null) {
            Map<String, Class<?>> checks = checkClasses();
            List<Exercise> found = new ArrayList<>();
            for (String folder : Exercises.of(Repository.root())) {
                Class<?> checkClass = checks.get(folder);
                if (checkClass == null) {
                    throw new IllegalStateException("No class of checks says @Checks(exercise = \"" + folder + "\"); found " + checks.keySet());
                }
                found.add(new Exercise(folder, checkClass));
            }
            all = List.copyOf(found);
        }
        return all;
    }

    /** Every exercise, or only the one the setting {@value #ONLY} names. */
    static List<Exercise> selected() {
        String only = System.getProperty(ONLY, "").trim();
        List<Exercise> chosen = all().stream().filter(e -> only.isEmpty() || e.folder().equals(only)).collect(Collectors.toList());
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(ONLY + "=" + only + " is not an exercise of the root pom: " + Exercises.of(Repository.root()));
        }
        return chosen;
    }

    /** The check classes on the class path (each exercise's test-jar), by the exercise they grade. */
    private static Map<String, Class<?>> checkClasses() {
        TestPlan plan = LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .discover(request().selectors(selectPackage("workshop")).build());
        Map<String, Class<?>> byExercise = new HashMap<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier child : plan.getChildren(root)) {
                child.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getJavaClass())
                        .filter(c -> c.getAnnotation(Checks.class) != null)
                        .ifPresent(c -> byExercise.put(c.getAnnotation(Checks.class).exercise(), c));
            }
        }
        return byExercise;
    }

    /** The learner's main class, as the checks name it. */
    String mainClass() {
        return checkClass.getAnnotation(Checks.class).mainClass();
    }

    /** The checks the untouched stub passes, as the line under the README's table of checks names them. */
    Set<String> stubPasses() {
        Path readme = Repository.root().resolve(folder).resolve("README.md");
        try {
            String line = Files.readAllLines(readme).stream().filter(l -> l.startsWith(STUB_LINE)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(readme + " has no line \"" + STUB_LINE + " …\""));
            String rest = line.substring(STUB_LINE.length()).strip();
            Set<String> names = new TreeSet<>();
            if (!rest.equals("none.")) {
                for (String name : rest.replaceAll("\\.$", "").split("`\\s*,\\s*`")) {
                    names.add(name.replace("`", "").strip());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
