package workshop.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;

/** Port numbers for checks that choose the port themselves. */
public final class Ports {

    private Ports() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago: the OS picks it, the socket is closed again,
     * and the caller hands the number to a server. (In watch mode it may be one that a spare
     * server JVM waits with, checked free just now: see {@link Spares}.)
     */
    public static int free() {
        OptionalInt ahead = StartRecorder.portAhead();
        int port = ahead.isPresent() ? ahead.getAsInt() : any();
        StartRecorder.noteFreePort(port);
        return port;
    }

    /** A port the OS picks as free on 127.0.0.1 right now. */
    static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port", e);
        }
    }

    /**
     * Whether a program could listen on this port on 127.0.0.1 right now: the grader binds it and
     * lets go at once. A program listening on every address (0.0.0.0) holds it on 127.0.0.1 too.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
