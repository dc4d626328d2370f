package workshop.grader;

import java.net.URI;
import java.util.Map;

/** Writes requests as curl commands, quoted for a POSIX shell. */
final class Curl {

    private Curl() {
    }

    static String command(String method, URI url, String body) {
        return command(method, url, body, Map.of());
    }

    /** The same, with request headers, each written as {@code -H 'Name: value'}. */
    static String command(String method, URI url, String body, Map<String, String> headers) {
        StringBuilder curl = new StringBuilder("curl -i");
        switch (method) {
            case "GET" -> { }
            case "HEAD" -> curl.replace(0, curl.length(), "curl -I");
            default -> curl.append(" -X ").append(method);
        }
        headers.forEach((name, value) -> curl.append(" -H ").append(quote(name + ": " + value)));
        if (body != null) {
            curl.append(" --data-binary ").append(quote(body));
        }
        return curl.append(' ').append(quote(url.toString())).toString();
    }

    static String quote(String text) {
        if (text.matches("[A-Za-z0-9_./:=-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
