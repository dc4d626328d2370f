package workshop.grader;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Decides when a server is ready, and says why it is not:
 *
 * <pre>
 *   started ──(prints "Listening on http://h:p" and h:p accepts a connection)──▶ ready
 *      │
 *      └──(exits, or the bound passes)──▶ not ready (ServerNotReady)
 * </pre>
 *
 * It reads the announced address from the first {@code Listening on} line on standard output.
 */
final class Readiness {

    private static final Pattern LISTENING = Pattern.compile("Listening on http://(\\[[0-9A-Fa-f:.%\\w]+]|[^\\s:/]+):(\\d+)/?");

    private volatile String host;
    private volatile int port = -1;

    /** Looks at one line of standard output; the first announcement counts. */
    void see(String stdoutLine) {
        if (port >= 0) {
            return;
        }
        Matcher m = LISTENING.matcher(stdoutLine);
        if (m.find()) {
            host = m.group(1);
            port = Integer.parseInt(m.group(2));
        }
    }

    /** The host as announced: {@code 127.0.0.1}, {@code localhost}, {@code [::1]}; null before. */
    String host() {
        return host;
    }

    /** The port as announced; -1 before. */
    int port() {
        return port;
    }

    /** Where to send requests: an announced wildcard address is reached through loopback. */
    URI baseUrl() {
        String h = connectHost();
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
    }

    private String connectHost() {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (h.equals("::")) {
            return "::1";
        }
        return h;
    }

    /**
     * Waits, at most {@code within}, until the server has announced its address and a TCP connection
     * to it succeeds.
     *
     * @throws ServerNotReady with the reason and the last lines the server printed
     */
    void awaitReady(ServerProcess server, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> port >= 0 || !server.isAlive());
        } catch (ConditionTimeoutException e) {
            throw notReady(server, true, "It printed no \"Listening on http://<host>:<port>\" line within " + within.toSeconds() + " s."
                    + onStderrInstead(server));
        }
        if (port < 0) {
            int status = server.exitStatusOnceEnded();
            if (port < 0) {
                throw notReady(server, false, "It stopped, with exit status " + status + ", before it printed \"Listening on http://<host>:<port>\"."
                        + onStderrInstead(server));
            }
        }
        if (port == 0) {
            throw notReady(server, false, "It announced port 0. PORT=0 asks the operating system for any free port; "
                    + "announce the port the server really got, which is never 0.");
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200)));
        try {
            await().atMost(left).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> !server.isAlive() || accepts());
        } catch (ConditionTimeoutException e) {
            throw notReady(server, true, "It announced " + baseUrl() + " but nothing accepted a connection there within "
                    + within.toSeconds() + " s. Announce the address only after the socket is bound, with the port it really got.");
        }
        if (!server.isAlive()) {
            throw notReady(server, false, "It announced " + baseUrl() + " and then stopped, with exit status " + server.exitStatusOnceEnded()
                    + ". A server stays alive between requests.");
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(connectHost(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String onStderrInstead(ServerProcess server) {
        boolean onStderr = server.stderr().stream().anyMatch(line -> LISTENING.matcher(line).find());
        return onStderr ? " It printed that line on standard error: print it on standard output (System.out)." : "";
    }

    private static ServerNotReady notReady(ServerProcess server, boolean waitedInVain, String why) {
        return new ServerNotReady("The server did not start. " + why + "\n"
                + "Started: " + server.command() + "\n"
                + server.lastLinesForMessage(12), waitedInVain);
    }
}
