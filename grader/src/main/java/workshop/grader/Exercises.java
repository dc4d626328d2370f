package workshop.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workshop's exercises: the {@code exercise-NN-topic} modules its root {@code pom.xml} lists, in
 * that order. The root pom is the one place the list is written; the progress table, the proof
 * tests and the scripts in {@code bin/} all read it from there.
 */
public final class Exercises {

    private static final Pattern EXERCISE_MODULE = Pattern.compile("<module>\\s*(exercise-\\d+-[^<\\s]+)\\s*</module>");

    private Exercises() {
    }

    /** The exercise folders of the workshop in {@code root}, in the root pom's order. */
    public static List<String> of(Path root) {
        try {
            return inPom(Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the workshop's root pom.xml", e);
        }
    }

    /** The exercise modules a pom lists, each once, in order; modules in comments do not count. */
    public static List<String> inPom(String pom) {
        Matcher m = EXERCISE_MODULE.matcher(pom.replaceAll("(?s)<!--.*?-->", ""));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            if (!modules.contains(m.group(1))) {
                modules.add(m.group(1));
            }
        }
        return modules;
    }
}
