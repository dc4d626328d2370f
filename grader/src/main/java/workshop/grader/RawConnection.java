package workshop.grader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        this.in = new PushbackInputStream(socket.getInputStream(), 1);
        this.out = socket.getOutputStream();
    }

    /** Connects, with the connect and every read bounded by {@code timeout}. */
    public static RawConnection open(ServerProcess server, Duration timeout) {
        try {
            return connect(server, timeout);
        } catch (IOException e) {
            throw new AssertionError("Could not connect to " + server.baseUrl() + ": " + e.getMessage()
                    + (server.isAlive() ? "" : " (the server process has exited)"), e);
        }
    }

    /** Like {@link #open}, with the failure to connect as it is. */
    static RawConnection connect(ServerProcess server, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(server.baseUrl().getHost().replace("[", "").replace("]", ""), server.port()),
                    (int) timeout.toMillis());
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

    /**
     * Reads one response: status line, headers, and a body framed by {@code Content-Length},
     * chunked encoding, or the end of the connection.
     *
     * @throws SocketTimeoutException if the server sends nothing for the read timeout
     * @throws ResponseProblem        if what came is not a whole response, said in plain words
     * @throws IOException            if the connection breaks
     */
    public RawResponse readResponse(boolean toHeadRequest) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new ResponseProblem("the server closed the connection without sending a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new ResponseProblem("the response does not start with a status line like \"HTTP/1.1 200 OK\"; it starts with \"" + statusLine + "\"");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        int status = Integer.parseInt(parts[1]);
        byte[] body;
        if (toHeadRequest || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (headers.containsKey("content-length")) {
            body = readExactly(number(headers.get("content-length").get(0), 10, "Content-Length"));
        } else if (headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body = readChunked();
        } else {
            body = in.readAllBytes();
        }
        return new RawResponse(statusLine, status, headers, body);
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

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    private static int number(String text, int radix, String what) throws ResponseProblem {
        try {
            int number = Integer.parseInt(text.trim(), radix);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, in the same words.
        }
        throw new ResponseProblem("the response's " + what + " is not a number of bytes: \"" + text + "\"");
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new ResponseProblem("the connection ended after " + bytes.length + " of the " + length + " body bytes that Content-Length promised");
        }
        return bytes;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new ResponseProblem("the connection ended in the middle of a chunked body");
            }
            int size = number(sizeLine.split(";", 2)[0].trim(), 16, "a chunk size (hexadecimal)");
            if (size == 0) {
                for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                    // Trailers carry nothing the checks look at.
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            readLine();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort; the server side sees the connection end either way.
        }
    }

    /** What the server sent is not a whole HTTP response; the message says how, in plain words. */
    public static final class ResponseProblem extends IOException {

        private static final long serialVersionUID = 1L;

        ResponseProblem(String message) {
            super(message);
        }
    }

    /** A response read off a raw connection. */
    public record RawResponse(String statusLine, int status, Map<String, List<String>> headers, byte[] body) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }
}
