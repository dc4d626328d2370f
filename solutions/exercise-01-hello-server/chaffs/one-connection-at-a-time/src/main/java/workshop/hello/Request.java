package workshop.hello;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed HTTP request.
 *
 * @param method  the method as sent, such as {@code GET}
 * @param target  the request target as sent, query string included, such as {@code /?name=Ada}
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers header values by lower-case name (names are case-insensitive, RFC 9110 §5.1)
 * @param body    the body, empty when there is none
 */
record Request(String method, String target, String version, Map<String, List<String>> headers, byte[] body) {

    /** The path of the target, without the query string. */
    String path() {
        String path = target;
        // RFC 9112 §3.2.2: a server must also accept the absolute form, http://host:port/path.
        int scheme = path.indexOf("://");
        if (scheme > 0 && path.indexOf('/') == scheme + 1) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** Whether the client asked to close the connection after this request (RFC 9112 §9.3). */
    boolean wantsToClose() {
        List<String> options = headers.getOrDefault("connection", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(option -> option.trim().toLowerCase(Locale.ROOT))
                .toList();
        // HTTP/1.1 keeps a connection open unless told otherwise; HTTP/1.0 closes it unless told otherwise.
        return version.equals("HTTP/1.0") ? !options.contains("keep-alive") : options.contains("close");
    }
}
