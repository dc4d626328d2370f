package workshop.grader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What to try when a check fails, and the README step that teaches it. The report prints it under
 * the check's ✘ line.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Hint {

    /** The README step that the check belongs to. */
    int step();

    /** One or two sentences in plain words. */
    String value();

    /**
     * Later README steps that this check needs as well as its own: it fails until they are done too,
     * however right this step is. The report says so under the hint. Each is proven by the
     * exercise's "without step N" chaff, which fails this check.
     */
    int[] alsoNeeds() default {};
}
