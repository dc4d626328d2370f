package workshop.grader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP connection to the server, for what a well-behaved client library will not do: send
 * malformed bytes, open many connections before sending on any, or hold one open and idle. Every
 * read is bounded by the socket's read timeout.
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final PushbackInputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        // Buffered: a response's status line and headers are read a byte at a time, and straight
        // from the socket each byte would be a system call of its own.
        this.in = new PushbackInputStream(new BufferedInputStream(socket.getInputStream()), 1);
        this.out = socket.getOutputStream();
    }

    /**
     * Connects, with the connect and every read bounded by {@code timeout}; a connection that
     * cannot be made fails the check, saying why.
     */
    public static RawConnection open(ServerProcess server, Duration timeout) {
        try {
            return connect(server, timeout);
        } catch (IOException e) {
            throw Failure.sent("a TCP connection to " + server.baseUrl())
                    .expected("the server accepts it")
                    .got(Outcome.failed(e, timeout, server.baseUrl()).describe())
                    .server(server).error(e);
        }
    }

    /**
     * Like {@link #open}, to the server's port through another address of this machine: a server
     * that listens on every address (0.0.0.0) can be reached through 127.0.0.2 as well as 127.0.0.1,
     * and the two ends of such a connection have different addresses.
     */
    public static RawConnection open(ServerProcess server, InetAddress through, Duration timeout) {
        InetSocketAddress address = new InetSocketAddress(through, server.port());
        try {
            return connect(address, server.bound(timeout));
        } catch (IOException e) {
            throw Failure.sent("a TCP connection to " + address)
                    .expected("the server accepts it")
                    .got(Outcome.failed(e, timeout, URI.create("http://" + hostInUrl(through) + ":" + server.port())).describe())
                    .server(server).error(e);
        }
    }

    private static String hostInUrl(InetAddress address) {
        String ip = address.getHostAddress();
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }

    /** Like {@link #open}, with the failure to connect as it is. */
    static RawConnection connect(ServerProcess server, Duration timeout) throws IOException {
        return connect(new InetSocketAddress(server.baseUrl().getHost().replace("[", "").replace("]", ""), server.port()), server.bound(timeout));
    }

    static RawConnection connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            return new RawConnection(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one to report.
            }
            throw e;
        }
    }

    /** Whether a TCP connection to this address and port is accepted within {@code timeout}. */
    public static boolean accepts(InetAddress address, int port, Duration timeout) {
        try {
            connect(new InetSocketAddress(address, port), timeout).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends these bytes on a new connection and reads one response, bounded by
     * {@link Http#EXCHANGE_WITHIN}; the connection is closed afterwards. For requests that
     * {@link Request} cannot write: malformed ones, on purpose.
     */
    public static Outcome exchange(ServerProcess server, byte[] request) {
        try (RawConnection connection = connect(server, Http.EXCHANGE_WITHIN)) {
            return connection.exchange(request, false);
        } catch (IOException e) {
            return Outcome.failed(e, Http.EXCHANGE_WITHIN, server.baseUrl());
        }
    }

    /** The client's own address: one end of this connection. */
    public InetAddress localAddress() {
        return socket.getLocalAddress();
    }

    /** The client's own port: one end of this connection. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends text as UTF-8 bytes, exactly as written: write the CRs and LFs yourself. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Stops sending; the server reads end-of-stream, the client can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Sends a request on this connection and reads its response; what happened, never an exception. */
    public Outcome exchange(byte[] request, boolean toHeadRequest) {
        try {
            send(request);
        } catch (IOException e) {
            return Outcome.failed(e, readTimeout(), where());
        }
        return receive(toHeadRequest);
    }

    /** Reads one response to a request that was not HEAD; what happened, never an exception. */
    public Outcome receive() {
        return receive(false);
    }

    /** Reads one response; what happened, never an exception. */
    public Outcome receive(boolean toHeadRequest) {
        try {
            return Outcome.answered(readResponse(toHeadRequest));
        } catch (IOException e) {
            return Outcome.failed(e, readTimeout(), where());
        }
    }

    private Duration readTimeout() {
        try {
            return Duration.ofMillis(socket.getSoTimeout());
        } catch (SocketException e) {
            return Duration.ZERO;
        }
    }

    private URI where() {
        return URI.create("http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
    }

    /**
     * Reads one response: status line, headers, and a body framed by {@code Content-Length},
     * chunked encoding, or the end of the connection.
     *
     * @throws SocketTimeoutException        if the server sends nothing for the read timeout
     * @throws ResponseReader.NoResponse      if the server closed the connection before the first byte
     * @throws ResponseReader.ResponseProblem if what came is not a whole response, said in plain words
     * @throws IOException                   if the connection breaks
     */
    public RawResponse readResponse(boolean toHeadRequest) throws IOException {
        return ResponseReader.read(in, toHeadRequest);
    }

    /** Whether the server has closed its end: a read returns end-of-stream within the timeout. */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Whether the server sent nothing and kept the connection open for {@code wait}: no byte and no
     * end-of-stream arrived. A byte that did arrive is kept for the next read.
     */
    public boolean quietFor(Duration wait) {
        try {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            try {
                int b = in.read();
                if (b >= 0) {
                    in.unread(b);
                }
                return false;
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What the server sends next, until it closes its end (or resets the connection) or the read
     * timeout passes; at most 64 KB of it is kept. After a response, {@code rest().bytes()} are the
     * bytes that followed it: none, if its Content-Length was right and the server closed.
     */
    public Rest rest() {
        return Rest.readFrom(in);
    }

    /** Ends the connection with a reset (RST), as a client that crashed or lost its network does. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // Then it ends with an ordinary close.
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort; the server side sees the connection end either way.
        }
    }
}
