package workshop.grader;

import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Starts the learner's server for the checks of one test class, and ends every process it started
 * when the class is done.
 *
 * <p>Most checks share one server started with the default environment ({@link #shared()}); a
 * check that needs its own (other config, a signal that stops it) starts one with {@link #start}.
 * If the shared server never became ready because it hung, later starts fail at once with the same
 * message, so an unfinished answer fails fast instead of waiting out one timeout per check.
 */
public final class Servers implements AutoCloseable {

    private final String exercise;
    private final String mainClass;
    private final String setting;
    private final Debugger debugger;
    private final List<ServerProcess> started = new ArrayList<>();
    private Answer answer;
    private RuntimeException answerFailure;
    private final Object sharedLock = new Object();
    private ServerProcess shared;
    private ServerProcess headStart;
    private ServerNotReady sharedFailure;
    private boolean sharedHung;
    private final AtomicReference<ServerNotReady> ownStartFailure = new AtomicReference<>();
    private final Map<String, CompletableFuture<Object>> once = new ConcurrentHashMap<>();

    Servers(String exercise, String mainClass, String setting) {
        this(exercise, mainClass, setting, Debugger.OFF);
    }

    Servers(String exercise, String mainClass, String setting, Debugger debugger) {
        this.exercise = exercise;
        this.mainClass = mainClass;
        this.setting = setting;
        this.debugger = debugger;
    }

    /** The answer being graded. */
    public synchronized Answer answer() {
        if (answerFailure != null) {
            throw answerFailure;
        }
        if (answer == null) {
            try {
                answer = Answer.resolve(setting, exercise, mainClass);
            } catch (RuntimeException e) {
                answerFailure = e;
                throw e;
            }
        }
        return answer;
    }

    /**
     * The server most checks share, started with {@code PORT=0}, and ready. Checks that ask while
     * it starts wait for it; starts of other servers meanwhile do not.
     */
    public ServerProcess shared() {
        synchronized (sharedLock) {
            if (sharedFailure != null) {
                throw sharedFailure;
            }
            if (shared == null || !shared.isAlive()) {
                ServerProcess launchedAhead = shared == null ? takeHeadStart() : null;
                ServerProcess candidate = launchedAhead != null ? launchedAhead : launch(Env.defaults());
                try {
                    shared = candidate.awaitReady();
                } catch (ServerNotReady e) {
                    synchronized (this) {
                        sharedFailure = e;
                        // Only the shared server's own process tells whether it hung: the servers other
                        // checks launched meanwhile may still be alive, and their own starts must say
                        // their own failure. One that failed at once (it announced port 0, say) did not
                        // hang: the checks that start servers of their own still try theirs.
                        sharedHung = candidate.isAlive() && e.waitedInVain();
                    }
                    throw e;
                }
            }
            return shared;
        }
    }

    /**
     * Takes over the shared server {@link HeadStart} launched for these checks, if it did: from
     * then on it is one of the processes these checks started, ended with them.
     */
    void adoptHeadStart() {
        HeadStart.take(exercise, mainClass, setting).ifPresent(server -> {
            synchronized (this) {
                started.add(server);
                headStart = server;
            }
        });
    }

    private synchronized ServerProcess takeHeadStart() {
        ServerProcess server = headStart;
        headStart = null;
        return server;
    }

    /** Starts another instance with this environment and waits until it is ready. */
    public ServerProcess start(Env env) {
        ServerProcess server = launch(env);
        server.awaitReady();
        return server;
    }

    /**
     * Starts another instance with {@code PORT} unset, where it must listen on {@code defaultPort},
     * and waits until it is ready. When another program holds that port, before the start or by the
     * time a start failed, the check is skipped (aborted), never failed: the default cannot be tried.
     */
    public ServerProcess startOnDefaultPort(int defaultPort) {
        Assumptions.assumeTrue(Ports.isFree(defaultPort), "another program on this machine listens on port " + defaultPort + ", so the default cannot be tried here");
        ServerProcess server = launch(Env.defaults().unset("PORT"));
        try {
            server.awaitReady();
        } catch (ServerNotReady e) {
            // A server still running holds the port itself: only one that gave up may have lost it to another program.
            Assumptions.assumeTrue(server.isAlive() || Ports.isFree(defaultPort), "another program took port " + defaultPort + " while this check ran, so the default cannot be tried here");
            throw e;
        }
        return server;
    }

    /**
     * Starts another instance, like {@link #start}, for classes of checks where each check starts
     * its own server. Once one such start has failed (the answer did not start at all), every
     * failing start and every later call throws that first failure, so an unfinished answer fails
     * each check fast, with one reason that the report prints once.
     */
    public ServerProcess startOwn(Env env) {
        ServerNotReady earlier = ownStartFailure.get();
        if (earlier != null) {
            throw earlier;
        }
        try {
            return start(env);
        } catch (ServerNotReady e) {
            ownStartFailure.compareAndSet(null, e);
            throw ownStartFailure.get();
        }
    }

    /**
     * Runs {@code start} once for the checks of this class, and gives every check that asks by
     * this name what it returned: the first to ask runs it, the others wait for it (within their
     * own time bound). For two checks that judge two sides of one server, such as the port it
     * listens on and how it stops: they then cost one JVM, not two. What {@code start} throws is
     * thrown to each of them.
     */
    @SuppressWarnings("unchecked")
    public <T> T once(String name, Supplier<T> start) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> first = once.putIfAbsent(name, mine);
        if (first == null) {
            try {
                mine.complete(start.get());
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
            first = mine;
        }
        try {
            return (T) first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another check started the server for " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw (Error) e.getCause();
        }
    }

    /** Starts another instance with this environment, without waiting for it to be ready. */
    public synchronized ServerProcess launch(Env env) {
        if (sharedHung) {
            throw sharedFailure;
        }
        ServerProcess server = Launcher.launch(answer(), mainClass, env, debugger);
        started.add(server);
        return server;
    }

    /**
     * Ends every process these checks started. In a watch-mode re-run it does not wait for them to
     * exit: the report prints at once, and the janitor ends any that outlive the test JVM.
     */
    @Override
    public void close() {
        List<ServerProcess> all;
        synchronized (this) {
            all = List.copyOf(started);
            started.clear();
        }
        List<Thread> enders = new ArrayList<>();
        for (ServerProcess server : all) {
            Thread ender = new Thread(server::close, "end-" + server.pid());
            ender.start();
            enders.add(ender);
        }
        if (Watch.rerunning()) {
            // Watch mode prints the report without waiting for these servers to exit; the checks
            // are done with them, and the janitor still ends any that outlive the test JVM.
            return;
        }
        for (Thread ender : enders) {
            try {
                ender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
