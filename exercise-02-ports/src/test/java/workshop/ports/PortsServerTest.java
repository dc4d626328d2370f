package workshop.ports;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import workshop.grader.Checks;
import workshop.grader.Env;
import workshop.grader.Failure;
import workshop.grader.Hint;
import workshop.grader.Http;
import workshop.grader.Outcome;
import workshop.grader.Ports;
import workshop.grader.RawConnection;
import workshop.grader.RawResponse;
import workshop.grader.Request;
import workshop.grader.ServerNotReady;
import workshop.grader.ServerProcess;
import workshop.grader.Servers;
import workshop.grader.Symptom;
import workshop.grader.Soft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of exercise 02, in the order of the README's steps. */
@Symptom(shows = "java.lang.NumberFormatException", step = 1,
        hint = "The server died of a NumberFormatException: Integer.parseInt met a PORT that is not a whole number. Check the text before you trust it: one line on System.err naming PORT and the value, then exit with status 2.")
@Symptom(shows = "java.net.BindException", step = 2,
        hint = "The server died of a BindException: another program holds the port (or HOST is not an address of this machine). Catch it around bind: one line on System.err naming the address and the fix, then exit with status 1.")
@Checks(exercise = "exercise-02-ports", mainClass = "workshop.ports.PortsServer")
class PortsServerTest {

    /** A server on a taken port gives up within this bound (the contract says so). */
    private static final Duration GIVES_UP_WITHIN = Duration.ofSeconds(5);

    /** A server with bad config exits within this bound: the time a JVM needs to start, with room. */
    private static final Duration REFUSES_WITHIN = Duration.ofSeconds(10);

    private static final int HIGHEST_PORT = 65535;

    /** Two checks use the machine's other addresses; run side by side, their ports could meet there. */
    private static final String OTHER_ADDRESSES = "the machine's other addresses";

    private static final Pattern CLIENT_LINE = Pattern.compile("(?m)^client (\\S+):(\\d+)\\s*$");
    private static final Pattern SERVER_LINE = Pattern.compile("(?m)^server (\\S+):(\\d+)\\s*$");

    @Test
    @DisplayName("listens on exactly the port that PORT names")
    @Hint(step = 1, alsoNeeds = {3, 4}, value = "Read the port with System.getenv(\"PORT\") and bind to that number; use 8080 only when PORT is not set at all.")
    void listens_on_the_port_that_PORT_names(Servers servers) {
        int port = Ports.free();

        ServerProcess server = servers.start(Env.defaults().set("PORT", Integer.toString(port)));

        assertThat(server.port()).as("the port in its Listening on line, started with PORT=%d", port).isEqualTo(port);
        assertThat(whoami(server).serverPort()).as("the server's port in  curl %s/whoami", server.baseUrl()).isEqualTo(port);
    }

    @Test
    @DisplayName("uses port 8080 when PORT is not set")
    @Hint(step = 1, alsoNeeds = 3, value = "System.getenv(\"PORT\") is null when the variable is not set: use 8080 then, and only then.")
    void uses_8080_when_PORT_is_not_set(Servers servers) {
        ServerProcess server = servers.startOnDefaultPort(8080);

        assertThat(server.port()).as("the port in its Listening on line, started without PORT").isEqualTo(8080);
    }

    @Test
    @DisplayName("listens on port 65535, the highest there is, when PORT=65535")
    @Hint(step = 1, alsoNeeds = {3, 4}, value = "Ports run from 0 to 65535, both ends included: the check is port >= 0 && port <= 65535, not port < 65535.")
    void listens_on_the_highest_port(Servers servers) {
        Assumptions.assumeTrue(Ports.isFree(HIGHEST_PORT), "another program on this machine listens on port 65535, so it cannot be tried here");

        ServerProcess server = servers.launch(Env.defaults().set("PORT", Integer.toString(HIGHEST_PORT)));
        try {
            server.awaitReady();
        } catch (ServerNotReady e) {
            // A server still running holds the port itself: only one that gave up may have lost it to another program.
            Assumptions.assumeTrue(server.isAlive() || Ports.isFree(HIGHEST_PORT), "another program took port 65535 while this check ran, so it cannot be tried here");
            throw e;
        }

        assertThat(server.port()).as("the port in its Listening on line, started with PORT=65535").isEqualTo(HIGHEST_PORT);
        assertThat(whoami(server).serverPort()).as("the server's port in  curl %s/whoami", server.baseUrl()).isEqualTo(HIGHEST_PORT);
    }

    @Test
    @ResourceLock(OTHER_ADDRESSES)
    @DisplayName("binds the address that HOST names")
    @Hint(step = 2, alsoNeeds = {3, 4}, value = "Bind to new InetSocketAddress(address, port) with the address HOST names, and announce HOST in the Listening on line.")
    void binds_the_address_that_HOST_names(Servers servers) {
        InetAddress other = otherAddresses().stream().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        Assumptions.assumeTrue(other != null, "this machine has no IPv4 address besides the loopback addresses, so there is no other HOST to try");
        String host = other.getHostAddress();

        ServerProcess server = servers.start(Env.defaults().set("HOST", host));
        WhoAmI seen = whoami(server);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.host()).as("the host in its Listening on line, started with HOST=%s", host).isEqualTo(host));
            softly.check(() -> assertThat(seen.serverIp()).as("the server's address in  %s", seen.curl()).isEqualTo(host));
        });
    }

    @Test
    @DisplayName("with HOST=0.0.0.0, answers on every address and /whoami shows the one the client reached as the server")
    @Hint(step = 2, alsoNeeds = {3, 4}, value = "0.0.0.0 is allowed though no network interface has it: accept it when address.isAnyLocalAddress(). In whoami, the server's end is connection.getLocalAddress(), the address the client reached (not HOST, not the listener's address), and the client's end is connection.getInetAddress().")
    void binds_every_address_for_0_0_0_0(Servers servers) {
        ServerProcess server = servers.start(Env.defaults().set("HOST", "0.0.0.0"));
        // The grader reaches a server announced on 0.0.0.0 through 127.0.0.1: traffic stays on this machine.
        WhoAmI seen = whoami(server);
        // Where the system routes all of 127.0.0.0/8 to itself (Linux), a connection to 127.0.0.2 comes
        // from 127.0.0.1: its two ends have different addresses, so a mix-up of the two shows.
        InetAddress second = secondLoopback();
        WhoAmI throughSecond = null;
        int secondClientPort = 0;
        String secondClientIp = null;
        if (second != null) {
            try (RawConnection connection = RawConnection.open(server, second, Http.EXCHANGE_WITHIN)) {
                throughSecond = whoami(server, connection, URI.create("http://127.0.0.2:" + server.port()), "/whoami", "");
                secondClientPort = connection.localPort();
                secondClientIp = connection.localAddress().getHostAddress();
            }
        }
        WhoAmI other = throughSecond;
        String otherClient = secondClientIp + ":" + secondClientPort;

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.host()).as("the host in its Listening on line, started with HOST=0.0.0.0").isEqualTo("0.0.0.0"));
            softly.check(() -> assertThat(seen.serverIp()).as("the server's address in  %s  (this end of the connection, which the check reached through 127.0.0.1)", seen.curl())
                    .isEqualTo("127.0.0.1"));
            softly.check(() -> assertThat(seen.serverPort()).as("the server's port in  %s  (it listens on %d)", seen.curl(), server.port()).isEqualTo(server.port()));
            if (other != null) {
                softly.check(() -> assertThat(other.serverIp() + ":" + other.serverPort())
                        .as("the server's end in  %s  (this end of the connection: the address the check reached)", other.curl())
                        .isEqualTo("127.0.0.2:" + server.port()));
                softly.check(() -> assertThat(other.clientIp() + ":" + other.clientPort())
                        .as("the client's end in  %s  (the check's end of that connection was %s)", other.curl(), otherClient)
                        .isEqualTo(otherClient));
            }
        });
    }

    @Test
    @DisplayName("with HOST=localhost, binds the address the name resolves to and announces the name")
    @Hint(step = 2, alsoNeeds = {3, 4}, value = "HOST may be a name: InetAddress.getByName(\"localhost\") resolves it to an address of this machine. Bind that address and announce HOST as it was given.")
    void binds_the_address_a_name_resolves_to(Servers servers) {
        Assumptions.assumeTrue(resolvesToLoopback("localhost"), "localhost does not resolve to a loopback address on this machine, so it cannot stand for a name of this machine here");

        ServerProcess server = servers.start(Env.defaults().set("HOST", "localhost"));
        WhoAmI seen = whoami(server);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.host()).as("the host in its Listening on line, started with HOST=localhost").isEqualTo("localhost"));
            softly.check(() -> assertThat(resolvesToLoopback(unbracketed(seen.serverIp())))
                    .as("whether the server's address in  %s  (%s) is a loopback address, one that localhost resolves to", seen.curl(), seen.serverIp()).isTrue());
        });
    }

    @Test
    @DisplayName("with HOST=::1, announces http://[::1]:<port> and /whoami writes both ends in brackets")
    @Hint(step = 3, alsoNeeds = 4, value = "A URL writes an IPv6 address in brackets: Listening on http://[::1]:8080. In whoami too, an Inet6Address is written [address]:port, so the last colon is the one before the port.")
    void writes_ipv6_in_brackets(Servers servers) {
        Assumptions.assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback address ::1, so an IPv6 HOST cannot be tried here");

        ServerProcess server = servers.start(Env.defaults().set("HOST", "::1"));
        WhoAmI seen = whoami(server);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.host()).as("the host in its Listening on line, started with HOST=::1").isEqualTo("[::1]"));
            softly.check(() -> assertThat(isBracketedIpv6Loopback(seen.clientIp()))
                    .as("whether the client's address in  %s  is ::1 written in brackets (it is %s)", seen.curl(), seen.clientIp()).isTrue());
            softly.check(() -> assertThat(isBracketedIpv6Loopback(seen.serverIp()))
                    .as("whether the server's address in  %s  is ::1 written in brackets (it is %s)", seen.curl(), seen.serverIp()).isTrue());
            softly.check(() -> assertThat(seen.serverPort()).as("the server's port in  %s  (it listens on %d)", seen.curl(), server.port()).isEqualTo(server.port()));
        });
    }

    @Test
    @ResourceLock(OTHER_ADDRESSES)
    @DisplayName("binds 127.0.0.1 when HOST is not set, so the machine's other addresses don't reach it")
    @Hint(step = 2, alsoNeeds = 3, value = "Default HOST to 127.0.0.1 and bind to new InetSocketAddress(address, port). new InetSocketAddress(port), new ServerSocket(port) or 0.0.0.0 listen on every address of the machine.")
    void binds_127_0_0_1_by_default(ServerProcess server) {
        List<InetAddress> others = otherAddresses();
        Assumptions.assumeFalse(others.isEmpty(), "this machine has no address besides 127.0.0.1, so there is no other address to try");

        List<String> reached = others.stream().filter(a -> RawConnection.accepts(a, server.port(), Duration.ofSeconds(1))).map(a -> endpoint(a, server.port())).collect(Collectors.toList());

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.host()).as("the host in its Listening on line, started without HOST").isEqualTo("127.0.0.1"));
            softly.check(() -> assertThat(reached)
                    .as("addresses of this machine that accepted a connection to port %d; tried %s. A server bound to 127.0.0.1 accepts on 127.0.0.1 only",
                            server.port(), others.stream().map(InetAddress::getHostAddress).collect(Collectors.toList()))
                    .isEmpty());
        });
    }

    @Test
    @DisplayName("with PORT=0, listens on a free port the OS picked, announces it, and answers there")
    @Hint(step = 3, alsoNeeds = 4, value = "Announce listener.getLocalPort() after bind(): the port the OS gave you. The PORT you asked for is 0, which no client can connect to.")
    void announces_the_port_the_OS_picked(ServerProcess server) {
        WhoAmI seen = whoami(server);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(server.port()).as("the port in its Listening on line, started with PORT=0").isBetween(1, 65535));
            softly.check(() -> assertThat(seen.serverPort()).as("the server's port in  %s", seen.curl()).isEqualTo(server.port()));
        });
    }

    @Test
    @DisplayName("answers GET /whoami with the client's ip:port and the server's ip:port, as plain text")
    @Hint(step = 4, value = "For an accepted Socket: the client's end is getInetAddress() and getPort(), the server's end is getLocalAddress() and getLocalPort(). Answer \"client <ip>:<port>\" and \"server <ip>:<port>\", one per line.")
    void answers_whoami_with_both_ends(ServerProcess server) {
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            WhoAmI seen = whoami(server, connection);

            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(seen.contentType()).as("Content-Type of  %s", seen.curl()).startsWith("text/plain"));
                softly.check(() -> assertThat(seen.clientIp()).as("the client's address in  %s  (the check connected from 127.0.0.1)", seen.curl()).isEqualTo("127.0.0.1"));
                softly.check(() -> assertThat(seen.clientPort()).as("the client's port in  %s  (the check's end of the connection had port %d)", seen.curl(), connection.localPort())
                        .isEqualTo(connection.localPort()));
                softly.check(() -> assertThat(seen.serverIp()).as("the server's address in  %s", seen.curl()).isEqualTo("127.0.0.1"));
                softly.check(() -> assertThat(seen.serverPort()).as("the server's port in  %s  (it listens on %d)", seen.curl(), server.port()).isEqualTo(server.port()));
            });
        }
    }

    @Test
    @DisplayName("answers GET /whoami?from=check as it answers GET /whoami")
    @Hint(step = 4, value = "The request target is the path and, after a ?, the query: compare only the path with /whoami, and ignore a query you do not know.")
    void ignores_an_unknown_query(ServerProcess server) {
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            WhoAmI seen = whoami(server, connection, server.baseUrl(), "/whoami?from=check", "");

            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(seen.clientPort()).as("the client's port in  %s  (the check's end of the connection had port %d)", seen.curl(), connection.localPort())
                        .isEqualTo(connection.localPort()));
                softly.check(() -> assertThat(seen.serverPort()).as("the server's port in  %s  (it listens on %d)", seen.curl(), server.port()).isEqualTo(server.port()));
            });
        }
    }

    @Test
    @DisplayName("answers a connection while others sit idle or send half a request, with a client port each and one server port")
    @Hint(step = 4, value = "Hand each accepted Socket to a thread of its own: new Thread(() -> serve(connection)).start(). Served on the accept loop's thread, a client that connects and sends nothing holds up every other; so does one that sends half a request to an HttpServer with no executor, which reads every request on one thread. A connection is known by four numbers: every client gets its own port, the server's port stays the one it listens on.")
    void answers_a_second_connection_while_the_first_sits_idle(ServerProcess server) {
        try (RawConnection idle = RawConnection.open(server, Http.EXCHANGE_WITHIN);
             RawConnection halfway = RawConnection.open(server, Http.EXCHANGE_WITHIN);
             RawConnection second = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            // All three are connected before the last sends; the first sends nothing yet, the second
            // only the first lines of its request. A server that serves one connection at a time, or
            // reads every request on one thread (HttpServer with no executor), sits reading one of
            // them and never answers the last.
            String firstLines = "GET /whoami HTTP/1.1\r\nHost: " + server.baseUrl().getAuthority() + "\r\n";
            try {
                halfway.send(firstLines);
            } catch (IOException e) {
                throw Failure.sent("GET /whoami HTTP/1.1  and a Host header, the request not yet ended").expected("the lines sent")
                        .got(e.toString()).server(server).error(e);
            }
            WhoAmI two = whoami(server, second, server.baseUrl(), "/whoami",
                    "while two other connections, opened first, stay open: one has sent nothing, the other only the first lines of its request;"
                    + " each connection is served on a thread of its own");
            WhoAmI one = whoami(server, idle, server.baseUrl(), "/whoami", "on the connection that sat idle until now");
            WhoAmI half = whoamiEnding(server, halfway, "Connection: close\r\n\r\n",
                    "GET /whoami HTTP/1.1 on the connection that had sent only its first lines, now ended with Connection: close and the empty line");

            Soft.assertSoftly(softly -> {
                softly.check(() -> assertThat(List.of(one.clientPort(), half.clientPort(), two.clientPort()))
                        .as("the client ports in the three answers; the check's ends had ports %d, %d and %d", idle.localPort(), halfway.localPort(), second.localPort())
                        .containsExactly(idle.localPort(), halfway.localPort(), second.localPort()));
                softly.check(() -> assertThat(List.of(one.serverPort(), half.serverPort(), two.serverPort()))
                        .as("the server ports in the three answers; it listens on %d", server.port())
                        .containsExactly(server.port(), server.port(), server.port()));
            });
        }
    }

    @Test
    @DisplayName("exits within 5 s with one line on standard error when its port is taken, and the first server keeps answering")
    @Hint(step = 2, alsoNeeds = {3, 4}, value = "Catch the BindException around bind(), print one line with System.err.println that names the port, says it is in use and how to fix it (stop the other program, or set PORT), then System.exit(1).")
    void refuses_a_taken_port(ServerProcess first, Servers servers) {
        int port = first.port();

        ServerProcess second = servers.launch(Env.defaults().set("PORT", Integer.toString(port)));
        int status = second.requireExit(GIVES_UP_WITHIN, "a second server on PORT=" + port + ", which the first one holds, exits");
        List<String> errors = nonBlank(second.stderr());
        WhoAmI stillThere = whoami(first);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(status).as("exit status of the second server on PORT=%d (non-zero: it failed)", port).isNotZero());
            softly.check(() -> assertThat(errors).as("lines on standard error of the second server: one line, no stack trace").hasSize(1));
            String line = errors.isEmpty() ? "" : errors.get(0);
            softly.check(() -> assertThat(line).as("its error line names the port").contains(Integer.toString(port)));
            softly.check(() -> assertThat(line.toLowerCase(Locale.ROOT)).as("its error line says the port is \"in use\"").contains("in use"));
            softly.check(() -> assertThat(line).as("its error line says how to fix it: choose another PORT").contains("PORT"));
            softly.check(() -> assertThat(second.stdout()).as("standard output of the second server (it never got the port, so it must not announce it)")
                    .noneMatch(out -> out.contains("Listening on")));
            softly.check(() -> assertThat(stillThere.serverPort()).as("the first server's port in  %s", stillThere.curl()).isEqualTo(port));
        });
    }

    @Test
    @DisplayName("runs two instances side by side on different ports")
    @Hint(step = 3, alsoNeeds = 4, value = "Nothing in the server may be fixed to one port: each instance binds the PORT it was given.")
    void runs_two_instances_side_by_side(ServerProcess one, Servers servers) {
        int port = Ports.free();
        ServerProcess two = servers.start(Env.defaults().set("PORT", Integer.toString(port)));

        WhoAmI first = whoami(one);
        WhoAmI second = whoami(two);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(first.serverPort()).as("the server's port in  %s  (the first instance, on port %d)", first.curl(), one.port()).isEqualTo(one.port()));
            softly.check(() -> assertThat(second.serverPort()).as("the server's port in  %s  (the second instance, started with PORT=%d)", second.curl(), port).isEqualTo(port));
            softly.check(() -> assertThat(one.isAlive() && two.isAlive()).as("both instances still running").isTrue());
        });
    }

    @ParameterizedTest(name = "refuses {0}=\"{1}\": exit status 2, one line on standard error, nothing bound", quoteTextArguments = false)
    @CsvSource(delimiter = '|', value = {
            "PORT | abc",
            "PORT | ''",
            "PORT | -1",
            "PORT | 65536",
            "PORT | 70000",
            "HOST | ''",
            "HOST | 203.0.113.7",
            "HOST | no-such-host.invalid",
    })
    @Hint(step = 1, value = "Check PORT and HOST before binding anything. On a bad value (an empty HOST too: InetAddress.getByName(\"\") quietly gives the loopback address) print one line with System.err.println naming the variable, the value and what is allowed (PORT: 0 to 65535; HOST: an address of this machine such as 127.0.0.1), then System.exit(2).")
    void refuses_bad_config(String variable, String value, Servers servers) throws IOException {
        if (variable.equals("HOST") && !value.isEmpty()) {
            Assumptions.assumeTrue(isNotLocal(value), value + " is an address of this machine, so it cannot stand for a wrong HOST here");
        }
        // With a bad HOST, PORT names a port the check holds: a server that checks its config before
        // it binds reports the HOST; one that binds first fails on the port instead.
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            Env env = variable.equals("PORT")
                    ? Env.defaults().set("PORT", value)
                    : Env.defaults().set("PORT", Integer.toString(taken.getLocalPort())).set("HOST", value);
            String started = variable.equals("PORT") ? env.describe() : env.describe() + " (port " + taken.getLocalPort() + " is taken: the check holds it)";
            refusesWithStatus2(servers, env, started, variable, value);
        }
    }

    private static void refusesWithStatus2(Servers servers, Env env, String started, String variable, String value) {
        String allowed = variable.equals("PORT") ? "65535" : "127.0.0.1";
        ServerProcess server = servers.launch(env);
        int status = server.requireExit(REFUSES_WITHIN, "it refuses " + variable + "=\"" + value + "\" and exits with status 2");
        List<String> errors = nonBlank(server.stderr());
        String line = errors.isEmpty() ? "" : errors.get(0);

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(status).as("exit status, started with %s", started).isEqualTo(2));
            softly.check(() -> assertThat(errors).as("lines on standard error: one line, no stack trace").hasSize(1));
            softly.check(() -> assertThat(line).as("its error line names the variable").contains(variable));
            if (value.isEmpty()) {
                softly.check(() -> assertThat(line.contains("\"\"") || line.contains("''") || line.toLowerCase(Locale.ROOT).contains("empty"))
                        .as("whether its error line says the value is empty (\"\" or the word empty): %s", line).isTrue());
            } else {
                softly.check(() -> assertThat(line).as("its error line quotes the value").contains(value));
            }
            softly.check(() -> assertThat(line).as("its error line says what is allowed (for %s, e.g. %s)", variable, allowed).contains(allowed));
            softly.check(() -> assertThat(server.stdout()).as("standard output (a server that refuses its config announces nothing)")
                    .noneMatch(out -> out.contains("Listening on")));
        });
    }

    /** One answer to GET /whoami, parsed. */
    private record WhoAmI(String curl, String contentType, String clientIp, int clientPort, String serverIp, int serverPort) {
    }

    private static WhoAmI whoami(ServerProcess server) {
        try (RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN)) {
            return whoami(server, connection);
        }
    }

    private static WhoAmI whoami(ServerProcess server, RawConnection connection) {
        return whoami(server, connection, server.baseUrl(), "/whoami", "");
    }

    /** Ends a request whose first lines this connection has sent, and reads its response. */
    private static WhoAmI whoamiEnding(ServerProcess server, RawConnection connection, String rest, String sent) {
        try {
            connection.send(rest);
        } catch (IOException e) {
            throw Failure.sent(sent).expected("a response").got(e.toString()).server(server).error(e);
        }
        return parsed(server, sent, connection.receive(), "a response");
    }

    /**
     * GET target on this connection, which reached the server at {@code base}; {@code context}, when
     * not empty, says what else was going on, for the message.
     */
    private static WhoAmI whoami(ServerProcess server, RawConnection connection, URI base, String target, String context) {
        // Connection: close lets a server that serves one connection at a time move on to the next.
        Request request = Request.get(target).with("Connection", "close");
        String curl = request.curl(base);
        Outcome outcome = connection.exchange(request.bytes(base.getAuthority()), false);
        return parsed(server, curl, outcome, context.isEmpty() ? "a response" : "a response, " + context);
    }

    /** The two lines of a /whoami response; {@code expected} says what a missing response should have been. */
    private static WhoAmI parsed(ServerProcess server, String curl, Outcome outcome, String expected) {
        if (!outcome.answered()) {
            throw Failure.sent(curl).expected(expected).got(outcome.describe()).server(server).error();
        }
        RawResponse response = outcome.response();
        String body = response.bodyText();
        Matcher client = CLIENT_LINE.matcher(body);
        Matcher local = SERVER_LINE.matcher(body);
        if (response.status() != 200 || !client.find() || !local.find()) {
            throw Failure.sent(curl)
                    .expected("200 and a plain-text body of two lines, like\n  client 127.0.0.1:53422\n  server 127.0.0.1:8080")
                    .got(response.statusLine() + "\n" + body.lines().map(l -> "  " + l).collect(Collectors.joining("\n")))
                    .server(server).error();
        }
        String contentType = response.header("Content-Type");
        return new WhoAmI(curl, contentType == null ? "" : contentType,
                client.group(1), Integer.parseInt(client.group(2)), local.group(1), Integer.parseInt(local.group(2)));
    }

    /**
     * Addresses of this machine other than 127.0.0.1: those of its network interfaces, and
     * 127.0.0.2 where the system routes all of 127.0.0.0/8 to itself (Linux does, macOS does not).
     */
    private static List<InetAddress> otherAddresses() {
        List<InetAddress> others = new ArrayList<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    // A link-local IPv6 address needs its interface named to be reached; leave those out.
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        others.add(address);
                    }
                }
            }
            InetAddress secondLoopback = secondLoopback();
            if (secondLoopback != null) {
                others.add(secondLoopback);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list this machine's addresses", e);
        }
        return others;
    }

    /** 127.0.0.2 where the system routes all of 127.0.0.0/8 to itself (Linux does, macOS does not); null elsewhere. */
    private static InetAddress secondLoopback() {
        try (ServerSocket probe = new ServerSocket()) {
            InetAddress secondLoopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
            probe.bind(new InetSocketAddress(secondLoopback, 0), 1);
            return secondLoopback;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isNotLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return !address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean resolvesToLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasIpv6Loopback() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether an address from /whoami is ::1, in any of its spellings, written in brackets. */
    private static boolean isBracketedIpv6Loopback(String ip) {
        if (!ip.startsWith("[") || !ip.endsWith("]")) {
            return false;
        }
        try {
            // A literal with a colon is parsed, never looked up.
            InetAddress address = InetAddress.getByName(unbracketed(ip));
            return address instanceof Inet6Address && address.isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static String unbracketed(String ip) {
        return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    }

    private static String endpoint(InetAddress address, int port) {
        return (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress()) + ":" + port;
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank()).collect(Collectors.toList());
    }
}
