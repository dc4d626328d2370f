package workshop.grader;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Where watch mode ({@link Watch}) hooks into a run of the checks, registered with the JUnit
 * Platform through {@code META-INF/services}: it notes the sources when the first run starts, and
 * takes over once the first report is out. It is listed before {@link CheckReport} there, because
 * the JUnit Platform tells listeners that a run finished in the reverse order of registration: the
 * report prints first, then the watch begins. It does nothing unless watch mode is on.
 */
public final class WatchMode implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Watch.firstRunStarts(plan);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        Watch.afterReport(plan);
    }
}
