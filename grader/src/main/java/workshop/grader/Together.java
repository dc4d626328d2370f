package workshop.grader;

import java.io.IOException;
import java.net.URI;
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
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Several clients sending at the same moment, so that their requests overlap for sure: every
 * client has its own connection, opened before any client sends, then all wait at a barrier and
 * send at once. With a slow step in the server (a delay it is started with), every request of a
 * round has started before any finishes.
 *
 * <p>Nothing here needs keep-alive. A client sends its requests one after another on its
 * connection while the server keeps it open; when a response ends the connection (it says
 * {@code Connection: close}, it is HTTP/1.0 without keep-alive, or its body ran to the end of the
 * stream), that client's next request goes on a new connection, opened before the client waits at
 * the barrier for the next round, so the requests of a round still overlap for sure. A server that
 * closes without saying so breaks RFC 9112 §9.6, and its next request fails as it would for any
 * client: nothing is retried.
 *
 * <p>Every connection stays open until every client is done, so no client's hanging up lets the
 * server move on to the next. A client whose request failed sends no more; the others go on.
 */
public final class Together {

    /** How long a client waits at the barrier for the others; a busy machine can be slow to start threads. */
    private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(10);

    /** Every client's requests must be answered within this; a check has 15 s in all. */
    private static final Duration ALL_WITHIN = Duration.ofSeconds(14);

    private Together() {
    }

    /** Sends every request at once, each from a client of its own. */
    public static List<Answered> send(ServerProcess server, List<Request> requests) {
        return rounds(server, requests.size(), List.of(requests));
    }

    /** Sends the requests one after another from one client, each once the one before has its response. */
    public static List<Answered> oneByOne(ServerProcess server, List<Request> requests) {
        return streams(server, List.of(requests));
    }

    /** Sends one request from one client. */
    public static Answered one(ServerProcess server, Request request) {
        return oneByOne(server, List.of(request)).get(0);
    }

    /**
     * Runs rounds: in each, client i sends the round's request i (if the round has one), all at
     * once, and the next round starts when every client has its response.
     */
    public static List<Answered> rounds(ServerProcess server, int clients, List<List<Request>> rounds) {
        return run(server, clients, true, client -> rounds.stream()
                .map(round -> client < round.size() ? round.get(client) : null)
                .collect(Collectors.toList()));
    }

    /**
     * Each client sends its own list of requests, one after another; all clients start at the
     * same moment and then go at their own pace.
     */
    public static List<Answered> streams(ServerProcess server, List<List<Request>> perClient) {
        return run(server, perClient.size(), false, perClient::get);
    }

    /** The requests as bars on a time axis, each labelled as {@code label} says: side by side means at the same time. */
    public static String timeline(List<Answered> answers, Function<Answered, String> label) {
        Timeline timeline = new Timeline();
        for (Answered a : answers) {
            if (a.answered()) {
                timeline.add(label.apply(a), a.sentMillis(), a.answeredMillis());
            } else {
                timeline.addUnanswered(label.apply(a), a.sentMillis(), a.answeredMillis());
            }
        }
        return timeline.draw();
    }

    private static List<Answered> run(ServerProcess server, int clients, boolean inStep, IntFunction<List<Request>> requestsOf) {
        List<Client> all = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            // Every connection is open before any client sends.
            for (int i = 0; i < clients; i++) {
                all.add(new Client(server, i + 1, RawConnection.open(server, Http.EXCHANGE_WITHIN)));
            }
            CyclicBarrier start = new CyclicBarrier(clients);
            long origin = System.nanoTime();
            List<Future<List<Answered>>> work = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Client client = all.get(i);
                List<Request> requests = requestsOf.apply(i);
                work.add(threads.submit(() -> client.sendAll(requests, inStep, start, origin)));
            }
            List<Answered> answers = new ArrayList<>();
            for (Future<List<Answered>> client : work) {
                answers.addAll(client.get(server.bound(ALL_WITHIN).toMillis(), TimeUnit.MILLISECONDS));
            }
            return answers;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof BrokenBarrierException || cause instanceof TimeoutException
                    ? "a client waited more than " + WAIT_FOR_OTHERS.toSeconds() + " s for the others: some request got no response"
                    : cause.toString();
            throw Failure.sent("requests from " + clients + " clients at once").expected("a response to each")
                    .got("sending failed: " + why).server(server).error(e);
        } catch (TimeoutException e) {
            throw Failure.sent("requests from " + clients + " clients at once").expected("every response within " + ALL_WITHIN.toSeconds() + " s")
                    .got("some still had none").server(server).error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            threads.shutdownNow();
            all.forEach(Client::close);
        }
    }

    /** One client: its connection, replaced when the server ends it, closed when all clients are done. */
    private static final class Client {

        private final ServerProcess server;
        private final int number;
        /** Null once a new connection could not be made; {@link #cannotConnect} says why. */
        private RawConnection connection;
        private Outcome cannotConnect;
        private boolean closed;

        Client(ServerProcess server, int number, RawConnection first) {
            this.server = server;
            this.number = number;
            this.connection = first;
        }

        List<Answered> sendAll(List<Request> requests, boolean inStep, CyclicBarrier start, long origin) throws Exception {
            List<Answered> answers = new ArrayList<>();
            boolean failed = false;
            boolean first = true;
            boolean ended = false;
            boolean reused = false;
            for (Request request : requests) {
                if (ended && request != null && !failed) {
                    reconnect();
                    ended = false;
                    reused = false;
                }
                if (inStep || first) {
                    start.await(server.bound(WAIT_FOR_OTHERS).toMillis(), TimeUnit.MILLISECONDS);
                }
                first = false;
                if (request == null || failed) {
                    continue;
                }
                Answered answered = exchange(request, origin);
                if (reused && answered.outcome().kind() == Outcome.Kind.CLOSED) {
                    // A server may close a kept-alive connection without saying so; a client then asks again on a new one.
                    reconnect();
                    answered = exchange(request, origin);
                }
                reused = answered.answered();
                answers.add(answered);
                failed = !answered.answered();
                ended = !failed && answered.outcome().response().endsConnection();
            }
            return answers;
        }

        private Answered exchange(Request request, long origin) {
            URI baseUrl = server.baseUrl();
            long sent = millisSince(origin);
            Outcome outcome = connection == null ? cannotConnect
                    : connection.exchange(request.bytes(baseUrl.getAuthority()), request.isHead());
            return new Answered(baseUrl, number, request, outcome, sent, millisSince(origin));
        }

        private synchronized void reconnect() {
            // The server has ended this one: closing our end too keeps one socket per client, however many requests it sends.
            connection.close();
            if (closed) {
                connection = null;
                cannotConnect = new Outcome(Outcome.Kind.RESET, null, "the clients were stopped");
                return;
            }
            try {
                connection = RawConnection.connect(server, Http.EXCHANGE_WITHIN);
            } catch (IOException e) {
                connection = null;
                cannotConnect = Outcome.failed(e, Http.EXCHANGE_WITHIN, server.baseUrl());
            }
        }

        synchronized void close() {
            closed = true;
            if (connection != null) {
                connection.close();
            }
        }
    }

    static long millisSince(long origin) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
    }
}
