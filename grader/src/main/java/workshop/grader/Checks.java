package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Marks a class of checks for one exercise. The grader starts the exercise's main class as a child
 * process for the checks that ask for a {@link ServerProcess} or a {@link Servers} parameter, and
 * the report groups the results under {@link #exercise()}.
 *
 * <p>Every check is bounded at 15 s, even against a server that hangs: the check runs on its own
 * thread so that a stuck read cannot hold the run. Checks of one class run side by side when the
 * run enables parallel execution (the workshop's build does); each check forces any overlap it
 * tests itself, so none depends on that. Checks that start servers of their own are handed to the
 * run first ({@link ServersFirst}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(GraderExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Execution(ExecutionMode.CONCURRENT)
@TestMethodOrder(ServersFirst.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public @interface Checks {

    /**
     * Check names, one per line, as the report prints them: when this setting is given, only those
     * checks run and every other is skipped. The proofs grade a chaff by the checks it names.
     */
    String ONLY_SETTING = "workshop.only";

    /** The exercise's folder name, e.g. {@code exercise-01-hello-server}. */
    String exercise();

    /** The learner's main class, e.g. {@code workshop.hello.HelloServer}. */
    String mainClass();
}
