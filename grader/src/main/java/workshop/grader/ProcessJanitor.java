package workshop.grader;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

/**
 * Ends every process the grader started: at the end of each test class, and when the test JVM
 * exits. Processes are ended by the handle the grader holds, never by name.
 *
 * <p>A test JVM that is killed outright (SIGKILL) runs no shutdown hook, so each started process
 * is also written down, by id, in a folder under the system's temporary folder, with a marker that
 * is on its command line, and the id of the test JVM that started it. The next run ends any process
 * still listed there whose test JVM is gone and whose command line still carries that marker, so a
 * reused process id, or a server of another run going on at the same time, is never hit.
 */
final class ProcessJanitor {

    /** The system property, on each server's command line, that marks it as ours. */
    static final String MARKER_PROPERTY = "workshop.grader.run";

    private static final Path LEDGER = Path.of(System.getProperty("java.io.tmpdir"), "how-servers-work-grader");
    private static final String MARKER = UUID.randomUUID().toString();
    private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

    /**
     * Set when the test JVM begins to exit (Ctrl+C, for one): checks may still be running and about
     * to start a server, which the signal would miss. From then on no server starts, and the end
     * waits for the starts under way, so none of them is left running after the JVM is gone.
     */
    private static volatile boolean ending;
    private static final ReentrantReadWriteLock STARTS = new ReentrantReadWriteLock();

    /** Launches a server: spawns it and writes it down, or refuses once the test JVM is ending. */
    interface Spawn {
        ServerProcess spawn() throws IOException;
    }

    static {
        endLeftoversOfEarlierRuns();
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessJanitor::endAll, "grader-janitor"));
    }

    private ProcessJanitor() {
    }

    static String marker() {
        return MARKER;
    }

    static ServerProcess launch(Spawn spawn) throws IOException {
        STARTS.readLock().lock();
        try {
            if (ending) {
                throw new IllegalStateException("The test run is ending (Ctrl+C or the end of the tests): no more servers are started.");
            }
            ServerProcess server = spawn.spawn();
            started(server);
            return server;
        } finally {
            STARTS.readLock().unlock();
        }
    }

    static void started(ServerProcess server) {
        RUNNING.add(server);
        try {
            Files.createDirectories(LEDGER);
            Files.writeString(LEDGER.resolve(Long.toString(server.pid())), MARKER + " " + ProcessHandle.current().pid());
        } catch (IOException e) {
            // The ledger only helps after a killed test JVM; the shutdown hook still covers the rest.
        }
    }

    /** Ends a process and its descendants: SIGTERM, then SIGKILL if it still runs after {@code grace}. */
    static void end(Process process, Duration grace) {
        try {
            if (process.isAlive()) {
                List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void ended(ServerProcess server) {
        RUNNING.remove(server);
        try {
            Files.deleteIfExists(LEDGER.resolve(Long.toString(server.pid())));
        } catch (IOException e) {
            // Same as above: a stale entry is checked against the marker before anything is ended.
        }
    }

    static void endAll() {
        ending = true;
        List<ServerProcess> all;
        boolean waited = false;
        try {
            waited = STARTS.writeLock().tryLock(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            all = List.copyOf(RUNNING);
        } finally {
            if (waited) {
                STARTS.writeLock().unlock();
            }
        }
        List<Thread> enders = new ArrayList<>();
        for (ServerProcess server : all) {
            Thread ender = new Thread(server::close, "end-" + server.pid());
            ender.start();
            enders.add(ender);
        }
        for (Thread ender : enders) {
            try {
                ender.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void endLeftoversOfEarlierRuns() {
        if (!Files.isDirectory(LEDGER)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(LEDGER)) {
            for (Path entry : entries) {
                endIfStillOurs(entry);
            }
        } catch (IOException e) {
            // Nothing to clean up that we can read.
        }
    }

    private static void endIfStillOurs(Path entry) {
        try {
            long pid = Long.parseLong(entry.getFileName().toString());
            String[] fields = Files.readString(entry).trim().split(" ");
            String marker = fields[0];
            boolean ownerAlive = fields.length > 1 && ProcessHandle.of(Long.parseLong(fields[1])).map(ProcessHandle::isAlive).orElse(false);
            if (ownerAlive) {
                return;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            boolean ours = handle.flatMap(h -> h.info().commandLine())
                    .map(line -> line.contains("-D" + MARKER_PROPERTY + "=" + marker))
                    .orElse(false);
            if (ours) {
                handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
                handle.get().destroyForcibly();
            }
            Files.deleteIfExists(entry);
        } catch (IOException | NumberFormatException e) {
            // Not an entry of ours.
        }
    }
}
