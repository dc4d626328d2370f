package workshop.grader;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One well-formed HTTP/1.1 request, written the way curl writes it, so that the curl line in a
 * message is exactly what the server got. The target is sent as written, query string included,
 * never re-encoded.
 *
 * @param method  GET, POST, ...
 * @param target  the path and query, e.g. {@code /cart?item=pear}
 * @param body    the body as text, sent as UTF-8; null for none
 * @param headers headers besides Host, User-Agent, Accept and the body's, in the order given
 */
public record Request(String method, String target, String body, Map<String, String> headers) {

    public Request {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static Request get(String target) {
        return new Request("GET", target, null, Map.of());
    }

    public static Request head(String target) {
        return new Request("HEAD", target, null, Map.of());
    }

    public static Request post(String target, String body) {
        return new Request("POST", target, body, Map.of());
    }

    /** The same request with one more header. */
    public Request with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Request(method, target, body, more);
    }

    /** A header's value, by case-insensitive name. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** The request as a curl command, for a server at {@code baseUrl}. */
    public String curl(URI baseUrl) {
        return Curl.command(method, URI.create(baseUrl + target), body, headers);
    }

    public String curl(ServerProcess server) {
        return curl(server.baseUrl());
    }

    /** The bytes on the wire, for a server known as {@code authority} (host:port). */
    public byte[] bytes(String authority) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("User-Agent: workshop-grader\r\n")
                .append("Accept: */*\r\n");
        if (body != null) {
            head.append("Content-Type: text/plain; charset=utf-8\r\n");
        }
        // RFC 9110 §8.6: a request whose method gives a body a meaning says how long it is, even when empty.
        if (body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    boolean isHead() {
        return method.toUpperCase(Locale.ROOT).equals("HEAD");
    }

    /** {@code GET /cart?item=pear}: the request line without the version. */
    public String describe() {
        return method + " " + target;
    }
}
