package workshop.sharedstate;

import workshop.grader.Http;
import workshop.grader.RawConnection;
import workshop.grader.RawResponse;
import workshop.grader.ServerProcess;
import workshop.grader.Timeline;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Sends requests at the same moment, so that they overlap for sure: every client opens its own
 * connection first, then all wait at a barrier, then all send at once. With the server's storage
 * step slowed down (STORAGE_DELAY_MS), every request of a round has started before any finishes.
 */
final class Together {

    /** How long a client waits at the barrier for the others; a busy machine can be slow to start threads. */
    private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(10);

    /** Every client's requests must be answered within this; a check has 15 s in all. */
    private static final Duration ALL_WITHIN = Duration.ofSeconds(14);

    /** What came back for one request, and when it was sent and answered (ms since the first round began). */
    record Answered(ServerProcess server, Ask ask, int status, String body, long sentMillis, long answeredMillis, String failure) {

        /** The request as a curl command; written only when a message needs it. */
        String curl() {
            return ask.curl(server);
        }

        boolean answered() {
            return failure == null;
        }

        /** The request and what came back, for a message. */
        String describe() {
            return curl() + "\n      → " + (answered() ? status + " " + body.strip() : failure);
        }
    }

    private Together() {
    }

    /** Sends every request at once, each on its own connection. */
    static List<Answered> send(ServerProcess server, List<Ask> asks) {
        return rounds(server, asks.size(), List.of(asks));
    }

    /** Sends the requests one after another on one kept-open connection, each once the previous one has its reply. */
    static List<Answered> oneByOne(ServerProcess server, List<Ask> asks) {
        return streams(server, List.of(asks));
    }

    /** Sends one request on a connection of its own. */
    static Answered one(ServerProcess server, Ask ask) {
        return oneByOne(server, List.of(ask)).get(0);
    }

    /**
     * Runs rounds: in each, client i sends the round's request i on its own kept-open connection,
     * all at once, and the next round starts when every client has its reply.
     */
    static List<Answered> rounds(ServerProcess server, int clients, List<List<Ask>> rounds) {
        return run(server, clients, true, client -> rounds.stream()
                .map(round -> client < round.size() ? round.get(client) : null)
                .collect(Collectors.toList()));
    }

    /**
     * Each client sends its own list of requests, one after another on its own kept-open
     * connection; all clients start at the same moment and then go at their own pace.
     */
    static List<Answered> streams(ServerProcess server, List<List<Ask>> perClient) {
        return run(server, perClient.size(), false, perClient::get);
    }

    private static List<Answered> run(ServerProcess server, int clients, boolean inStep, IntFunction<List<Ask>> asksOf) {
        List<RawConnection> connections = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(RawConnection.open(server, Http.EXCHANGE_WITHIN));
            }
            CyclicBarrier start = new CyclicBarrier(clients);
            long origin = System.nanoTime();
            List<Future<List<Answered>>> work = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                work.add(threads.submit(() -> {
                    List<Answered> answers = new ArrayList<>();
                    boolean broken = false;
                    boolean first = true;
                    for (Ask ask : asksOf.apply(client)) {
                        if (inStep || first) {
                            start.await(WAIT_FOR_OTHERS.toMillis(), TimeUnit.MILLISECONDS);
                        }
                        first = false;
                        if (ask == null || broken) {
                            continue;
                        }
                        Answered answered = exchange(server, connections.get(client), ask, origin);
                        answers.add(answered);
                        broken = !answered.answered();
                    }
                    return answers;
                }));
            }
            List<Answered> all = new ArrayList<>();
            for (Future<List<Answered>> client : work) {
                all.addAll(client.get(ALL_WITHIN.toMillis(), TimeUnit.MILLISECONDS));
            }
            return all;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof BrokenBarrierException || cause instanceof TimeoutException
                    ? "a client waited more than " + WAIT_FOR_OTHERS.toSeconds() + " s for the others: some request got no reply"
                    : cause.toString();
            throw new AssertionError("Sending requests from " + clients + " clients at once failed: " + why
                    + (server.isAlive() ? "" : " (the server process has exited)"), e);
        } catch (TimeoutException e) {
            throw new AssertionError("Requests sent from " + clients + " clients at once got no replies within " + ALL_WITHIN.toSeconds() + " s"
                    + (server.isAlive() ? "" : " (the server process has exited)"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            threads.shutdownNow();
            connections.forEach(RawConnection::close);
        }
    }

    private static Answered exchange(ServerProcess server, RawConnection connection, Ask ask, long origin) {
        long sent = millisSince(origin);
        try {
            connection.send(ask.raw(server));
            RawResponse response = connection.readResponse(false);
            return new Answered(server, ask, response.status(), response.bodyText(), sent, millisSince(origin), null);
        } catch (IOException e) {
            String failure = "no reply: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return new Answered(server, ask, -1, "", sent, millisSince(origin), failure);
        }
    }

    private static long millisSince(long origin) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
    }

    /** The requests as bars on a time axis: side by side means they ran at the same time. */
    static String timeline(List<Answered> answers) {
        Timeline timeline = new Timeline();
        for (Answered a : answers) {
            timeline.add(a.ask().method() + " " + a.ask().target() + " as " + a.ask().user(), a.sentMillis(), a.answeredMillis());
        }
        return timeline.draw();
    }
}
