package workshop.grader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a failure shows, and the README step that covers it, whichever check it broke: a reply of
 * {@code 500 ... ConcurrentModificationException}, or a server whose last lines end in a
 * {@code BindException}. On a class of {@link Checks}: when a failed check's message contains
 * {@link #shows()}, the report's hint names this step first, then the check's own hint.
 * The first symptom that matches wins, in the order they are written.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(Symptom.All.class)
public @interface Symptom {

    /**
     * Text that the failure message contains: an exception's full name, as the server prints it
     * ({@code e.toString()} in a reply, a stack trace in its last lines). Not the simple name: the
     * grader's own exceptions are shown by their simple names, and are not the server's symptoms.
     * Or a phrase the check's message uses for a symptom it found in the replies, such as an order
     * number given twice.
     */
    String shows();

    /** The README step whose text covers it. */
    int step();

    /** One or two sentences in plain words: what it means, and what to do. */
    String hint();

    /** The symptoms of one class of checks. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface All {
        Symptom[] value();
    }
}
