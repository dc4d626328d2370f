package workshop.grader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes the server sent on a connection after what a check read, and whether it then ended the
 * connection: {@link RawConnection#rest()}.
 *
 * @param bytes  what arrived, at most 64 KB of it
 * @param closed whether the server closed its end (or reset the connection) before the read timeout
 */
public record Rest(byte[] bytes, boolean closed) {

    /** Reads until end-of-stream, a reset or the stream's read timeout; keeps at most 64 KB. */
    static Rest readFrom(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
                if (bytes.size() > 65_536) {
                    return new Rest(bytes.toByteArray(), false);
                }
            }
            return new Rest(bytes.toByteArray(), true);
        } catch (SocketTimeoutException e) {
            return new Rest(bytes.toByteArray(), false);
        } catch (IOException e) {
            // A reset ends the connection as surely as a close.
            return new Rest(bytes.toByteArray(), true);
        }
    }

    /** The bytes as text, control characters shown as escapes, cut at 120 characters. */
    public String shown() {
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
