package workshop.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** One connection, from accept to close. Each TODO carries the number of its step. */
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
        // TODO 1: log "#<id> accepted <ip>:<port>" (the client's end), with log(...) below.
        try (socket) {
            // TODO 6: before the first read, socket.setSoTimeout(...); answer 408 when a read times out.
            // TODO 2: read the request with read(socket.getInputStream()); answer an HttpError
            //         with its status (Response.text).
            // TODO 4: route it (GET /, GET /slow?ms=N, POST /echo, 404, 405 with Allow), log
            //         "request <METHOD> <target>", write the response (Response.toBytes), log
            //         "response <status> <n> bytes in <ms> ms", and close gently.
        } catch (IOException e) {
            // The client hung up or the network failed: nobody is left to answer.
        }
        // TODO 4: log "closed".
    }

    /** Reads one request: its head, then its body (steps 2 and 3); null if the client sent nothing. */
    private Request read(InputStream in) throws IOException, HttpError {
        // TODO 2: read into a buffer with readInTime until RequestParser.headEnd finds the end of
        //         the head, then RequestParser.parseHead.
        // TODO 3: then read exactly Content-Length bytes of body; some may already be in the buffer.
        throw new HttpError(501, "Connection.read is not written yet");
    }

    /** One read from the client (step 6: within what is left of READ_TIMEOUT_MS since the accept). */
    private int readInTime(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        // TODO 6: give the socket only what is left of READ_TIMEOUT_MS, and time out when none is.
        return in.read(buffer, offset, length);
    }

    // TODO 4: closeGently(): say you are done writing, then read what the client still sends.

    private long elapsedMillis() {
        return (System.nanoTime() - acceptedNanos) / 1_000_000;
    }

    private void log(String phase) {
        System.out.println("#" + id + " " + phase);
    }
}
