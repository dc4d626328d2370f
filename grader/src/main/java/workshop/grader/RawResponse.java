package workshop.grader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response as the grader read it off a connection: the status line and headers as sent, the
 * body as bytes.
 *
 * @param endsConnection whether the server ends the connection after it: it said so
 *                       ({@code Connection: close}, or HTTP/1.0), or its body ran to the end of the stream
 */
public record RawResponse(String statusLine, int status, Map<String, List<String>> headers, byte[] body, boolean endsConnection) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
