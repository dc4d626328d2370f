package workshop.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One connection from accept to close, on its own thread. Blocking calls are fine here: while this
 * thread waits for a slow client or slow work, the other connections' threads keep going.
 *
 * <pre>
 *   accepted ──▶ read head ──▶ read body ──▶ route ──▶ write response ──▶ closed
 *                    │             │                        ▲
 *                    └─────────────┴── 400/408/414/431 ─────┘
 * </pre>
 */
final class Connection implements Runnable {

    private final Socket socket;
    private final long id;
    private final int readTimeoutMillis;
    private final long acceptedNanos = System.nanoTime();

    Connection(Socket socket, long id, int readTimeoutMillis) {
        this.socket = socket;
        this.id = id;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public void run() {
        log("accepted " + socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
        try (socket) {
            // Every read waits at most this long: a silent client cannot hold this thread forever.
            socket.setSoTimeout(readTimeoutMillis);
            Response response = respond(socket.getInputStream());
            if (response != null) {
                byte[] bytes = response.toBytes();
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                log("response " + response.status() + " " + response.body().length + " bytes in " + elapsedMillis() + " ms");
                closeGently();
            }
        } catch (IOException e) {
            // The client hung up or the network failed: nobody is left to answer.
            log("error " + e.getMessage());
        }
        log("closed");
    }

    /** Reads and answers one request; null when the client left before sending anything. */
    private Response respond(InputStream in) throws IOException {
        try {
            Request request = read(in);
            if (request == null) {
                return null;
            }
            log("request " + request.method() + " " + request.target());
            return Router.handle(request);
        } catch (HttpError e) {
            return Response.text(e.status(), e.getMessage());
        } catch (SocketTimeoutException e) {
            return Response.text(408, "no complete request within " + readTimeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.text(503, "the server is stopping");
        }
    }

    private Request read(InputStream in) throws IOException, HttpError {
        byte[] buffer = new byte[RequestParser.MAX_REQUEST_LINE + RequestParser.MAX_HEADER_SECTION + 1];
        int length = 0;
        int headEnd;
        while ((headEnd = RequestParser.headEnd(buffer, length)) < 0) {
            int n = readInTime(in, buffer, length, buffer.length - length);
            if (n < 0) {
                if (length == 0) {
                    return null;
                }
                throw new HttpError(400, "the connection ended in the middle of the request head");
            }
            length += n;
        }
        RequestParser.Head head = RequestParser.parseHead(buffer, headEnd);
        // The last read may have brought the start of the body with it.
        byte[] body = new byte[head.contentLength()];
        int early = Math.min(length - headEnd, body.length);
        System.arraycopy(buffer, headEnd, body, 0, early);
        // The body may come in several pieces: read until all of it is here.
        for (int got = early; got < body.length; ) {
            int n = readInTime(in, body, got, body.length - got);
            if (n < 0) {
                throw new HttpError(400, "the body ended after " + got + " of " + body.length + " bytes (Content-Length)");
            }
            got += n;
        }
        return new Request(head.method(), head.target(), head.headers(), body);
    }

    /**
     * One read, waiting no longer than what is left of READ_TIMEOUT_MS since the accept. The
     * timeout is for the whole request: a client that sends one byte a second would pass a
     * timeout for each read, and hold this thread for as long as it likes.
     */
    private int readInTime(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        long left = readTimeoutMillis - elapsedMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("no complete request within " + readTimeoutMillis + " ms");
        }
        socket.setSoTimeout((int) left);
        return in.read(buffer, offset, length);
    }

    /**
     * Says "no more from me" (FIN), then reads what the client still sends until it closes too.
     * Closing with unread bytes makes the OS reset the connection, which can destroy the response
     * before the client reads it.
     */
    private void closeGently() throws IOException {
        socket.shutdownOutput();
        try {
            socket.getInputStream().skip(Long.MAX_VALUE);
        } catch (SocketTimeoutException e) {
            // The client kept the connection open past the timeout: close it anyway.
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - acceptedNanos) / 1_000_000;
    }

    private void log(String phase) {
        System.out.println("#" + id + " " + phase);
    }
}
