package workshop.grader;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The hint a failed check prints under its message. When the failure shows a {@link Symptom} of its
 * class (an exception that a README step covers), that step comes first, since it is the one to
 * fix; then the check's own {@link Hint}, with the later steps it also needs.
 *
 * <pre>
 *   Hint (README step 4): The replies name a ConcurrentModificationException: ...
 *   This check's own hint (README step 1; it also needs step 4): Leak 1: ...
 * </pre>
 */
final class HintText {

    private HintText() {
    }

    /** The hint lines for a check of {@code checks} annotated with {@code hint} (or none) that failed with {@code message}. */
    static String of(Class<?> checks, Hint hint, String message) {
        Optional<Symptom> symptom = symptomShownBy(checks, message);
        String own = hint == null || hint.value().isEmpty() ? "" : label(hint) + hint.value();
        if (symptom.isEmpty()) {
            return own.isEmpty() ? "" : "Hint " + own;
        }
        String first = "Hint (README step " + symptom.get().step() + "): " + symptom.get().hint();
        return own.isEmpty() ? first : first + "\nThis check's own hint " + own;
    }

    /** The first symptom of the class, in the order written, whose text the message contains. */
    static Optional<Symptom> symptomShownBy(Class<?> checks, String message) {
        for (Class<?> type = checks; type != null; type = type.getEnclosingClass()) {
            Optional<Symptom> shown = Arrays.stream(type.getAnnotationsByType(Symptom.class))
                    .filter(s -> message.contains(s.shows()))
                    .findFirst();
            if (shown.isPresent()) {
                return shown;
            }
        }
        return Optional.empty();
    }

    /** "(README step 1): " or "(README step 1; it also needs steps 2 and 4): ". */
    private static String label(Hint hint) {
        int[] also = hint.alsoNeeds();
        if (also.length == 0) {
            return "(README step " + hint.step() + "): ";
        }
        List<String> steps = Arrays.stream(also).sorted().mapToObj(String::valueOf).collect(Collectors.toList());
        String listed = steps.size() == 1 ? "step " + steps.get(0)
                : "steps " + String.join(", ", steps.subList(0, steps.size() - 1)) + " and " + steps.get(steps.size() - 1);
        return "(README step " + hint.step() + "; it also needs " + listed + "): ";
    }
}
