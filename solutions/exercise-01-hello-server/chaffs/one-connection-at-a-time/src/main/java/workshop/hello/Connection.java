package workshop.hello;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One client connection, served on its own thread until either side closes it.
 *
 * <p>The connection is kept alive: HTTP/1.1 lets a client send request after request on one
 * connection, which saves a TCP handshake per request. It is closed when the client asks
 * ({@code Connection: close}, or HTTP/1.0 without keep-alive), after an error, or when idle.
 *
 * <p>{@code Expect: 100-continue} gets no interim response: clients such as curl wait briefly for
 * one, then send the body anyway (RFC 9110 §10.1.1 tells them not to wait forever).
 *
 * <pre>
 *   waiting ──first byte──▶ reading ──request parsed──▶ answering ──keep-alive──▶ waiting
 *      │                       │                            │
 *      │ idle 30 s, or EOF     │ bad request, or 10 s       │ client asked to close
 *      ▼                       ▼ (answered with a status)   ▼
 *   closed                  closed                       closed
 * </pre>
 */
final class Connection implements Runnable {

    // RFC 9112 §9.5: a server may close an idle connection; 30 s is also the JDK HttpServer's default.
    private static final int IDLE_TIMEOUT_MILLIS = 30_000;
    // Once a request has started, the rest of it must arrive within this time.
    private static final int REQUEST_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;

    Connection(Socket socket) {
        this.socket = socket;
    }

    @Override
    public void run() {
        try (socket) {
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean keepAlive = true;
            while (keepAlive && awaitNextRequest(in)) {
                keepAlive = serveOneRequest(in, out);
            }
        } catch (IOException e) {
            // The client reset the connection or stopped reading: there is nobody left to answer.
        }
    }

    /** Waits for the first byte of a request; false when the client closed or stayed idle too long. */
    private boolean awaitNextRequest(BufferedInputStream in) throws IOException {
        socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        in.mark(1);
        try {
            if (in.read() == -1) {
                return false;
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
        in.reset();
        socket.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
        return true;
    }

    /** Reads one request and answers it; returns whether the connection stays open for another. */
    private boolean serveOneRequest(InputStream in, OutputStream out) throws IOException {
        Request request;
        try {
            request = RequestParser.parse(in);
        } catch (BadRequestException e) {
            System.out.println("Rejected a request: " + e.status() + " " + e.getMessage());
            send(out, Response.text(e.status(), e.getMessage() + "\n"), true, true);
            return false;
        } catch (SocketTimeoutException e) {
            System.out.println("Rejected a request: 408, it did not arrive in time");
            send(out, Response.text(408, "The request did not arrive in time.\n"), true, true);
            return false;
        }

        System.out.println(request.method() + " " + request.target());
        Response response = HelloRoutes.respond(request);
        boolean close = request.wantsToClose();
        // RFC 9110 §9.3.2: HEAD gets the status and headers a GET would get, without the body.
        send(out, response, !request.method().equals("HEAD"), close);
        return !close;
    }

    private static void send(OutputStream out, Response response, boolean withBody, boolean close)
            throws IOException {
        // One write per response: a second small write could wait for the client's delayed ACK
        // (Nagle's algorithm, about 40 ms) before it leaves this machine.
        out.write(response.encode(withBody, close));
        out.flush();
    }
}
