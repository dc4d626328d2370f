package workshop.lifecycle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One response: status, headers, body. {@link #toBytes()} writes it the way HTTP/1.1 frames it.
 *
 * @param headers headers besides Content-Length and Connection, which {@link #toBytes()} adds
 */
record Response(int status, Map<String, String> headers, byte[] body) {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(400, "Bad Request"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"));

    /** A plain-text response: the text, then a newline. */
    static Response text(int status, String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        return new Response(status, headers, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Status line, headers, blank line, body. */
    byte[] toBytes() {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Unknown")).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        // TODO 4: Content-Length and Connection: close, then the blank line that ends the head.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }
}
