package workshop.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One connection's state between turns of the event loop. Its methods run on the loop thread and
 * return as soon as they would have to wait.
 *
 * <pre>
 *   READING ──(whole request)──▶ WORKING ──(worker done)──▶ WRITING ──(all sent)──▶ DRAINING ──▶ CLOSED
 *      │                                                      ▲
 *      └──(malformed, or no whole request in READ_TIMEOUT_MS)┘
 * </pre>
 */
final class Connection {

    private enum State { READING, WORKING, WRITING, DRAINING, CLOSED }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final long id;
    private final long readTimeoutNanos;
    private final long acceptedNanos = System.nanoTime();
    private SelectionKey key;
    private State state = State.READING;
    private long deadline;
    // Starts small and grows: most requests fit in 1 KB, and this thread pays for every byte it clears.
    private byte[] data = new byte[1024];
    private int length;
    private int headEnd = -1;
    private RequestParser.Head head;
    private Response response;
    private ByteBuffer out;

    Connection(EventLoop loop, SocketChannel channel, long id, int readTimeoutMillis) {
        this.loop = loop;
        this.channel = channel;
        this.id = id;
        this.readTimeoutNanos = readTimeoutMillis * 1_000_000L;
    }

    void start(SelectionKey key) {
        this.key = key;
        deadline = System.nanoTime() + readTimeoutNanos;
    }

    void onReadable() {
        if (state == State.DRAINING) {
            drain();
            return;
        }
        if (length == data.length && head == null) {
            // One byte past the limits, so that a head too long is seen as such.
            data = Arrays.copyOf(data, Math.min(2 * data.length, RequestParser.MAX_REQUEST_LINE + RequestParser.MAX_HEADER_SECTION + 1));
        }
        int n;
        try {
            n = channel.read(ByteBuffer.wrap(data, length, data.length - length));
        } catch (IOException e) {
            close("error " + e.getMessage());
            return;
        }
        if (n < 0) {
            if (length == 0) {
                close(null);
            } else {
                respond(Response.text(400, "the connection ended in the middle of the request"));
            }
            return;
        }
        if (n == 0) {
            return;
        }
        // No new deadline here: READ_TIMEOUT_MS is for the whole request, not for each read.
        length += n;
        try {
            if (head == null) {
                headEnd = RequestParser.headEnd(data, length);
                if (headEnd < 0) {
                    return;
                }
                head = RequestParser.parseHead(data, headEnd);
                if (data.length < headEnd + head.contentLength()) {
                    data = Arrays.copyOf(data, headEnd + head.contentLength());
                }
            }
            if (length - headEnd < head.contentLength()) {
                return;
            }
        } catch (HttpError e) {
            respond(Response.text(e.status(), e.getMessage()));
            return;
        }
        Request request = new Request(head.method(), head.target(), head.headers(),
                Arrays.copyOfRange(data, headEnd, headEnd + head.contentLength()));
        log("request " + request.method() + " " + request.target());
        state = State.WORKING;
        key.interestOps(0);
        // Router.handle may block (/slow sleeps): never on this thread.
        loop.offload(() -> Router.handle(request), this::respond);
    }

    private void respond(Response response) {
        if (state == State.CLOSED) {
            return;
        }
        this.response = response;
        out = ByteBuffer.wrap(response.toBytes());
        state = State.WRITING;
        key.interestOps(SelectionKey.OP_WRITE);
        onWritable();
    }

    void onWritable() {
        try {
            channel.write(out);
            if (out.hasRemaining()) {
                return;
            }
            log("response " + response.status() + " " + response.body().length + " bytes in "
                    + (System.nanoTime() - acceptedNanos) / 1_000_000 + " ms");
            // FIN first, then read until the client closes: closing on unread bytes resets the connection.
            channel.shutdownOutput();
            state = State.DRAINING;
            deadline = System.nanoTime() + readTimeoutNanos;
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            close("error " + e.getMessage());
        }
    }

    private void drain() {
        try {
            if (channel.read(ByteBuffer.allocate(4096)) < 0) {
                close(null);
            }
        } catch (IOException e) {
            close(null);
        }
    }

    void checkTimeout(long now) {
        if (now - deadline < 0) {
            return;
        }
        if (state == State.READING) {
            respond(Response.text(408, "no complete request within " + readTimeoutNanos / 1_000_000 + " ms"));
        } else if (state == State.DRAINING) {
            close(null);
        }
    }

    private void close(String why) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (why != null) {
            log(why);
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is best effort: the connection is gone either way.
        }
        log("closed");
    }

    void log(String phase) {
        System.out.println("#" + id + " " + phase);
    }
}
