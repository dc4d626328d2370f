package workshop.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watch mode's server JVMs, started ahead of the next save: a dev server's trick for a quick
 * restart. A JVM takes about a tenth of a second of processor time to start before it runs a
 * line of the server's code, and a finished exercise 01 starts twelve servers per run on a
 * 2-core machine. So while the learner edits, the grader starts one spare JVM for each server the
 * last two runs both started (same environment, as {@link StartRecorder} noted them), each running
 * {@link SpareLauncher} with an empty class folder. When a check then starts a server with that
 * environment, the spare gets the freshly compiled classes and the name of the main class, and from
 * then on it is that server: its own process, started with that environment, printing on its own
 * output, stopped by the same signals. A start that finds no spare starts a JVM as always.
 *
 * <p>Spares also load ahead, without running any of their code, the JDK classes that the previous
 * servers loaded ({@link LoadedClasses}). Only watch mode uses spares: every other run starts each
 * server from nothing.
 */
final class Spares {

    private static volatile Spares open;

    /**
     * At most this many spares wait at a time (exercise 01 starts 12 servers per run, exercise 05
     * about a dozen): each idle spare holds about 40 MB, and each costs about a quarter of a second
     * of processor time to start and load ahead.
     */
    static final int MOST = 8;

    private final Path folder;
    private final Path launcher;
    private final LoadedClasses loaded;
    private final String mainClass;
    private final List<Spare> idle = new ArrayList<>();
    /** Spares taken or no longer wanted: their folders go once their processes have ended. */
    private final List<Spare> retired = new ArrayList<>();
    private List<Map<String, String>> lastRun;
    private int made;

    /**
     * @param env      the environment as noted, with {@link StartRecorder#FREE_PORT} for a port picked by the check
     * @param concrete the environment it was started with
     */
    private record Spare(Map<String, String> env, Map<String, String> concrete, ServerProcess process, Path folder) {
        Path classes() {
            return folder.resolve("classes");
        }
    }

    private Spares(Path folder, String mainClass) {
        this.folder = folder;
        this.launcher = folder.resolve("launcher");
        this.loaded = new LoadedClasses(folder.resolve("preload.txt"));
        this.mainClass = mainClass;
    }

    /**
     * Opens the spares of one main class in this folder (emptied first) and starts the spares the
     * run so far calls for. From then on, {@link #take} hands them out.
     */
    static Spares open(Path folder, String mainClass) {
        Spares spares = new Spares(folder, mainClass);
        try {
            Trees.delete(folder);
            Path classFile = spares.launcher.resolve(SpareLauncher.class.getName().replace('.', '/') + ".class");
            Files.createDirectories(classFile.getParent());
            try (InputStream in = SpareLauncher.class.getResourceAsStream(SpareLauncher.class.getSimpleName() + ".class")) {
                if (in == null) {
                    throw new IOException("the grader's own SpareLauncher.class is missing");
                }
                Files.copy(in, classFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare " + folder + " for spare servers", e);
        }
        open = spares;
        spares.refill();
        return spares;
    }

    /**
     * Ends every spare still waiting and stops handing any out or noting starts (watch mode never
     * needs this: the janitor ends the spares with the test JVM).
     */
    synchronized void close() {
        if (open == this) {
            open = null;
        }
        StartRecorder.stop();
        idle.forEach(spare -> spare.process().close());
        retired.addAll(idle);
        idle.clear();
        learnLoadedClasses();
    }

    /**
     * A spare started for {@code env}, now running the answer's main class; empty if there is none
     * (a start then starts a JVM as always).
     */
    static Optional<ServerProcess> take(Answer answer, String mainClass, Env env) {
        Spares spares = open;
        // A spare runs without limits: a start that needs one starts its own JVM.
        return spares == null || env.limitsFiles() ? Optional.empty() : spares.takeOne(answer, mainClass, env.resolveChanges());
    }

    private synchronized Optional<ServerProcess> takeOne(Answer answer, String mainClass, Map<String, String> env) {
        if (!mainClass.equals(this.mainClass)) {
            return Optional.empty();
        }
        for (Iterator<Spare> it = idle.iterator(); it.hasNext();) {
            Spare spare = it.next();
            if (!spare.concrete().equals(env)) {
                continue;
            }
            it.remove();
            retired.add(spare);
            try {
                Trees.copy(answer.classes(), spare.classes());
                if (spare.process().go(mainClass)) {
                    return Optional.of(spare.process());
                }
            } catch (IOException e) {
                // Start this server as always; the next run starts fresh spares.
            }
            spare.process().close();
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * After a run: keeps or starts one spare for each server start that this run and the one
     * before made with the same environment (after the first run: each start of that run), at most
     * {@link #MOST}, and ends the rest. A run that started no server changes nothing.
     */
    synchronized void refill() {
        List<Map<String, String>> launches = StartRecorder.takeNotes();
        if (launches.isEmpty()) {
            // Nothing started (the code did not compile, say): the spares wait for the next run.
            learnLoadedClasses();
            return;
        }
        List<Map<String, String>> wanted = lastRun == null ? new ArrayList<>(launches) : inBoth(launches, lastRun);
        lastRun = launches;
        if (wanted.size() > MOST) {
            wanted = new ArrayList<>(wanted.subList(0, MOST));
        }
        for (Iterator<Spare> it = idle.iterator(); it.hasNext();) {
            Spare spare = it.next();
            if (spare.process().isAlive() && wanted.remove(spare.env())) {
                continue;
            }
            it.remove();
            retired.add(spare);
            spare.process().close();
        }
        learnLoadedClasses();
        wanted.forEach(this::startOne);
        List<Integer> ports = new ArrayList<>();
        for (Spare spare : idle) {
            spare.env().forEach((name, value) -> {
                if (value.equals(StartRecorder.FREE_PORT)) {
                    ports.add(Integer.parseInt(spare.concrete().get(name)));
                }
            });
        }
        StartRecorder.portsAhead(ports);
    }

    private void startOne(Map<String, String> env) {
        Path spareFolder = folder.resolve("spare-" + ++made);
        Map<String, String> concrete = new LinkedHashMap<>();
        env.forEach((name, value) -> concrete.put(name, value.equals(StartRecorder.FREE_PORT) ? Integer.toString(Ports.any()) : value));
        try {
            Files.createDirectories(spareFolder.resolve("classes"));
            ServerProcess process = Launcher.spare(launcher, spareFolder.resolve("classes"), loaded.file(),
                    spareFolder.resolve("loaded-classes.txt"), mainClass, Env.of(concrete));
            idle.add(new Spare(env, concrete, process, spareFolder));
        } catch (IOException | RuntimeException e) {
            // No spare this time: that server starts as always.
        }
    }

    /** Each environment as many times as it occurs in both lists. */
    static List<Map<String, String>> inBoth(List<Map<String, String>> these, List<Map<String, String>> those) {
        List<Map<String, String>> left = new ArrayList<>(those);
        List<Map<String, String>> both = new ArrayList<>();
        for (Map<String, String> env : these) {
            if (left.remove(env)) {
                both.add(env);
            }
        }
        return both;
    }

    /**
     * Adds the JDK classes that retired spares loaded to the list the next spares load ahead, and
     * removes their folders, once their processes have ended.
     */
    private void learnLoadedClasses() {
        boolean learned = false;
        for (Iterator<Spare> it = retired.iterator(); it.hasNext();) {
            Spare spare = it.next();
            if (spare.process().isAlive()) {
                continue;
            }
            try {
                learned |= loaded.learn(spare.folder().resolve("loaded-classes.txt"));
                Trees.delete(spare.folder());
                it.remove();
            } catch (IOException | UncheckedIOException e) {
                // A folder still in use (Windows): it goes next time.
            }
        }
        if (learned) {
            loaded.save();
        }
    }
}
