package workshop.grader;

import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Launches each check class's shared server as soon as the run knows which classes it will run,
 * on a background thread, while JUnit is still setting itself up: a JVM takes a few tenths of a
 * second to start, and here that time overlaps work the run does anyway. The class's
 * {@link Servers} takes the process over (and ends it with the others) when the class starts;
 * one never taken is ended when the test JVM exits, as every process the grader starts is.
 *
 * <p>It is registered after {@link WatchMode}, which the JUnit Platform tells first that a run
 * starts: watch mode then already notes this launch, to start a spare for it next time.
 */
public final class HeadStart implements LauncherDiscoveryListener, TestExecutionListener {

    /** JUnit's setting that turns the time bound of {@link Checks} off. */
    static final String TIMEOUT_MODE = "junit.jupiter.execution.timeout.mode";

    private static final Map<String, CompletableFuture<ServerProcess>> LAUNCHED = new ConcurrentHashMap<>();

    /**
     * Launches earlier still where it can: when the run starts to discover its checks, which
     * surefire names by class, a few tenths of a second before the test plan is ready. Not in
     * watch mode, which must see every launch of its first run to start spares for the next, and
     * not with a debugger on: {@link #testPlanExecutionStarted} covers those.
     */
    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        ConfigurationParameters config = request.getConfigurationParameters();
        if (Debugger.requested(config.get(Debugger.SETTING)) || config.getBoolean(Watch.SETTING).orElse(false)) {
            return;
        }
        launchSharedServers(request.getSelectorsByType(ClassSelector.class).stream().flatMap(HeadStart::loaded), config);
    }

    /** The class a selector names; none if it does not load (discovery reports that). */
    private static Stream<Class<?>> loaded(ClassSelector selector) {
        try {
            return Stream.of(selector.getJavaClass());
        } catch (PreconditionViolationException e) {
            return Stream.empty();
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (Debugger.requested(plan.getConfigurationParameters().get(Debugger.SETTING))) {
            // Each server waits for a debugger, so none starts ahead; and a check held at a
            // breakpoint must not time out (JUnit reads this when a check starts).
            System.setProperty(TIMEOUT_MODE, "disabled");
            return;
        }
        launchSharedServers(Watch.checkClasses(plan).stream(), plan.getConfigurationParameters());
    }

    /** Launches the shared server of each check class among these that has checks using one. */
    private static void launchSharedServers(Stream<Class<?>> types, ConfigurationParameters config) {
        String setting = config.get(Answer.SETTING).map(String::trim).orElse("");
        types.filter(type -> type.isAnnotationPresent(Checks.class) && usesTheSharedServer(type))
                .forEach(type -> launch(type.getAnnotation(Checks.class), setting));
    }

    private static void launch(Checks checks, String setting) {
        LAUNCHED.computeIfAbsent(key(checks.exercise(), checks.mainClass(), setting), key -> {
            CompletableFuture<ServerProcess> launched = new CompletableFuture<>();
            Thread launcher = new Thread(() -> {
                try {
                    launched.complete(ServerProcess.launch(Answer.resolve(setting, checks.exercise(), checks.mainClass()),
                            checks.mainClass(), Env.defaults()));
                } catch (RuntimeException e) {
                    // The class's own start reports it (an answer that does not compile, say).
                    launched.completeExceptionally(e);
                }
            }, "grader-head-start");
            launcher.setDaemon(true);
            launcher.start();
            return launched;
        });
    }

    /**
     * The shared server launched ahead for these checks, if there is one: given once, not yet
     * ready. Empty when none was launched or the launch failed; the caller then starts its own.
     */
    static Optional<ServerProcess> take(String exercise, String mainClass, String setting) {
        CompletableFuture<ServerProcess> launched = LAUNCHED.remove(key(exercise, mainClass, setting));
        if (launched == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(launched.get(ServerProcess.READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (TimeoutException e) {
            // Still launching after all this time: whatever it launches, nobody will use it.
            launched.thenAccept(ServerProcess::close);
            return Optional.empty();
        }
    }

    private static boolean usesTheSharedServer(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (Arrays.asList(method.getParameterTypes()).contains(ServerProcess.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String key(String exercise, String mainClass, String setting) {
        return exercise + "\n" + mainClass + "\n" + setting;
    }
}
