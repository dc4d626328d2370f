package workshop.grader;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Watch mode: with the setting {@value #SETTING}{@code =true}, after the checks ran once and the
 * registered {@link CheckReport} printed its report, the test JVM stays up, watches the exercise's {@code src/main/java} and, on every save, compiles it and
 * runs the same checks again, printing the report each time. It ends with Ctrl+C; the grader's
 * janitor ends any server that was running at that moment.
 *
 * <p>Re-running inside the same JVM is what makes it quick: the compiler, JUnit, REST Assured and
 * the checks are loaded and warm after the first run, and the compiler is warmed up further in the
 * background. Servers start from {@link Spares}, JVMs started ahead while the learner reads the
 * report; processes are not waited for at the end of a re-run ({@link Servers#close()}); and with
 * the profile's {@code workshop.watch.output=native}, reports go straight to the test JVM's
 * standard output, not through Surefire's event stream. Changes are found by reading the sources
 * every {@link #POLL} (a few small files), which behaves the same on every operating system.
 */
public final class Watch {

    /** The JUnit configuration parameter, or system property, that turns watch mode on. */
    public static final String SETTING = "workshop.watch";

    static final Duration POLL = Duration.ofMillis(50);

    /** After this many compiles, javac in a JVM is about as quick as it gets (about ten times its first). */
    private static final int WARM_UP_COMPILES = 8;

    private static final AtomicBoolean WATCHING = new AtomicBoolean();
    private static volatile String sourcesAtStart;

    private Watch() {
    }

    /** Whether the checks now running are a re-run on a save, in watch mode. */
    static boolean rerunning() {
        // Set once the first run has reported: every run after it is a re-run.
        return WATCHING.get();
    }

    /** Called by the registered report once it has printed: returns at once unless watch mode is on. */
    static void afterReport(TestPlan plan) {
        boolean on = plan.getConfigurationParameters().getBoolean(SETTING).orElse(false);
        List<Class<?>> checkClasses = checkClasses(plan);
        if (!on || checkClasses.isEmpty() || !WATCHING.compareAndSet(false, true)) {
            return;
        }
        String answer = answer(plan);
        Path sources = sources(answer);
        Path module = Path.of("").toAbsolutePath();
        Path root = RepositoryRoot.find();
        // A save made while the first run was under way is graded at once.
        String seen = sourcesAtStart != null ? sourcesAtStart : fingerprint(sources);
        PrintStream captured = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        captured.println("Watching " + root.relativize(sources).toString().replace('\\', '/') + ": save a file to run the checks again; Ctrl+C stops.");
        PrintStream out = "native".equals(System.getProperty("workshop.watch.output"))
                ? new PrintStream(new FileOutputStream(FileDescriptor.out), true, Charset.defaultCharset())
                : captured;
        Spares spares = Spares.open(module.resolve("target").resolve("watch-spares"), checkClasses.get(0).getAnnotation(Checks.class).mainClass());
        Thread warmUp = new Thread(() -> Answer.warmUpCompiler(sources, module.resolve("target").resolve("watch-warm-up"), WARM_UP_COMPILES),
                "watch-compiler-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        watch(checkClasses, answer, sources, seen, spares, out);
    }

    /**
     * Called when the first run starts; nothing happens unless watch mode is on. Notes the sources
     * as they are now, before anything is compiled, so that a save made from then on is never
     * missed, and has every server start noted from now on, for {@link Spares}.
     */
    static void firstRunStarts(TestPlan plan) {
        if (!plan.getConfigurationParameters().getBoolean(SETTING).orElse(false) || WATCHING.get()) {
            return;
        }
        sourcesAtStart = fingerprint(sources(answer(plan)));
        StartRecorder.start();
    }

    /** The answer the watch compiles: the learner's own folder unless the setting names another. */
    private static String answer(TestPlan plan) {
        String setting = plan.getConfigurationParameters().get(Answer.SETTING).map(String::trim).orElse("");
        Path module = Path.of("").toAbsolutePath();
        return setting.isEmpty() ? RepositoryRoot.find().relativize(module).toString().replace('\\', '/') : setting;
    }

    private static Path sources(String answer) {
        Path root = RepositoryRoot.find();
        return answer.equals("reference")
                ? root.resolve("solutions").resolve(Path.of("").toAbsolutePath().getFileName()).resolve("src/main/java")
                : root.resolve(answer).resolve("src/main/java");
    }

    private static void watch(List<Class<?>> checkClasses, String answer, Path sources, String seenAtStart, Spares spares, PrintStream out) {
        String seen = seenAtStart;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String now = fingerprint(sources);
            if (now.equals(seen)) {
                continue;
            }
            seen = now;
            long start = System.nanoTime();
            compile(checkClasses.get(0), answer);
            long compiled = System.nanoTime();
            runChecks(checkClasses, answer, out);
            long graded = System.nanoTime();
            out.printf("Graded in %.2f s after the save was seen (compiling %.2f s, checks %.2f s). Watching for the next save; Ctrl+C stops.%n",
                    (graded - start) / 1e9, (compiled - start) / 1e9, (graded - compiled) / 1e9);
            // Spares for the next save start while the learner reads the report.
            spares.refill();
        }
    }

    /** Compiles the answer ahead of the checks (they reuse it), so the two times can be told apart. */
    private static void compile(Class<?> checkClass, String answer) {
        Checks checks = checkClass.getAnnotation(Checks.class);
        try {
            Answer.resolve(answer, checks.exercise(), checks.mainClass());
        } catch (RuntimeException e) {
            // The checks report it in their own words (a compiler error, for example).
        }
    }

    /** One run of the checks, in this JVM, with the report printed as the learner's command prints it. */
    static void runChecks(List<Class<?>> checkClasses, String answer, PrintStream out) {
        LauncherDiscoveryRequest request = request()
                .selectors(checkClasses.stream().map(c -> selectClass(c)).collect(Collectors.toList()))
                .configurationParameter(Answer.SETTING, answer)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        launcher.execute(request, new CheckReport(out));
    }

    /** The top-level classes in the plan that are checks. */
    static List<Class<?>> checkClasses(TestPlan plan) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier child : plan.getChildren(root)) {
                child.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getJavaClass())
                        .filter(c -> c.getAnnotation(Checks.class) != null)
                        .ifPresent(classes::add);
            }
        }
        return new ArrayList<>(classes);
    }

    /** A hash of every file's name and content below {@code sources}: it changes when a save changes anything. */
    static String fingerprint(Path sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(sources)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(sources)) {
                    files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
                }
                for (Path file : files) {
                    digest.update(sources.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    try {
                        digest.update(Files.readAllBytes(file));
                    } catch (IOException vanished) {
                        // Deleted or replaced while we read it (editors save that way): the next poll sees the result.
                        digest.update((byte) 1);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
