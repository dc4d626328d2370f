package workshop.grader;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests sent at once and not yet answered: every connection is opened before any request is
 * sent, so they overlap for sure, and the check can act while they are in flight (send a signal,
 * read the log) before it waits for the answers. Every connection stays open until {@link #close}.
 *
 * <pre>
 *   try (InFlight requests = InFlight.send(server, twentySlowRequests, Duration.ofSeconds(8))) {
 *       server.sendSigterm();
 *       List&lt;Answered&gt; answers = requests.awaitAnswers();
 *   }
 * </pre>
 */
public final class InFlight implements AutoCloseable {

    private final ServerProcess server;
    private final List<Request> requests;
    private final List<RawConnection> connections;
    private final Duration readTimeout;
    private final long origin;
    private final List<Long> sentMillis = new ArrayList<>();
    private final List<Outcome> sendFailures = new ArrayList<>();

    private InFlight(ServerProcess server, List<Request> requests, List<RawConnection> connections, Duration readTimeout) {
        this.server = server;
        this.requests = requests;
        this.connections = connections;
        this.readTimeout = readTimeout;
        this.origin = System.nanoTime();
    }

    /**
     * Opens one connection per request, each read bounded by {@code readTimeout}, then sends each
     * request on its own connection; returns once all are sent.
     */
    public static InFlight send(ServerProcess server, List<Request> requests, Duration readTimeout) {
        List<RawConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < requests.size(); i++) {
                connections.add(RawConnection.open(server, readTimeout));
            }
        } catch (AssertionError e) {
            connections.forEach(RawConnection::close);
            throw e;
        }
        InFlight inFlight = new InFlight(server, requests, connections, readTimeout);
        String authority = server.baseUrl().getAuthority();
        for (int i = 0; i < requests.size(); i++) {
            inFlight.sentMillis.add(Together.millisSince(inFlight.origin));
            try {
                connections.get(i).send(requests.get(i).bytes(authority));
                inFlight.sendFailures.add(null);
            } catch (IOException e) {
                inFlight.sendFailures.add(Outcome.failed(e, readTimeout, server.baseUrl()));
            }
        }
        return inFlight;
    }

    /** Reads every response, side by side, each bounded by the read timeout; in the order the requests were given. */
    public List<Answered> awaitAnswers() {
        ExecutorService readers = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Answered>> reads = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                int at = i;
                reads.add(readers.submit(() -> read(at)));
            }
            List<Answered> answers = new ArrayList<>();
            for (Future<Answered> read : reads) {
                answers.add(read.get(readTimeout.toMillis() + 2000, TimeUnit.MILLISECONDS));
            }
            return answers;
        } catch (ExecutionException | TimeoutException e) {
            throw Failure.sent(requests.size() + " requests at once").expected("each answered, or failed, within " + readTimeout.toMillis() + " ms")
                    .got("a read that did not end: " + e).server(server).error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            readers.shutdownNow();
        }
    }

    private Answered read(int at) {
        Request request = requests.get(at);
        Outcome outcome = sendFailures.get(at) != null ? sendFailures.get(at) : connections.get(at).receive(request.isHead());
        URI baseUrl = server.baseUrl();
        return new Answered(baseUrl, at + 1, request, outcome, sentMillis.get(at), Together.millisSince(origin));
    }

    @Override
    public void close() {
        connections.forEach(RawConnection::close);
    }
}
