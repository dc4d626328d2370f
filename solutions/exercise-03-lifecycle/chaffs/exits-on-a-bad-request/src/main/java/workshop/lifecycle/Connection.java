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
            // Mistake: treats a bad request like bad config and stops the whole process.
            // Caught by: answers a non-numeric Content-Length with 400 and keeps serving
            System.err.println("Bad request: " + e.getMessage());
            System.exit(1);
            return null;
        } catch (SocketTimeoutException e) {
            return Response.text(408, "no complete request within " + readTimeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.text(503, "the server is stopping");
        }
    }

    private static Request read(InputStream in) throws IOException, HttpError {
        byte[] buffer = new byte[RequestParser.MAX_REQUEST_LINE + RequestParser.MAX_HEADER_SECTION + 1];
        int length = 0;
        int headEnd;
        while ((headEnd = RequestParser.headEnd(buffer, length)) < 0) {
            int n = in.read(buffer, length, buffer.length - length);
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
        int rest = in.readNBytes(body, early, body.length - early);
        if (early + rest < body.length) {
            throw new HttpError(400, "the body ended after " + (early + rest) + " of " + body.length + " bytes (Content-Length)");
        }
        return new Request(head.method(), head.target(), head.headers(), body);
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
