package workshop.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 framing on bytes, without sockets, so it can be tested with a string.
 *
 * <pre>
 *   GET /slow?ms=300 HTTP/1.1\r\n      request line    at most MAX_REQUEST_LINE bytes, else 414
 *   Host: 127.0.0.1:8080\r\n           header lines    at most MAX_HEADER_SECTION bytes, else 431
 *   Content-Length: 5\r\n
 *   \r\n                               blank line      the head ends here
 *   hello                              body            exactly Content-Length bytes
 * </pre>
 */
final class RequestParser {

    static final int MAX_REQUEST_LINE = 8192;
    static final int MAX_HEADER_SECTION = 16384;
    static final int MAX_BODY = 1_000_000;

    // RFC 9110 §5.6.2: a method and a header name are "tokens": these characters, at least one.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/\\d\\.\\d");

    /** What the head says: the request without its body yet. */
    record Head(String method, String target, Map<String, String> headers, int contentLength) {
    }

    private RequestParser() {
    }

    /**
     * Where the head ends in the first {@code length} bytes of {@code data}: the index just after
     * the blank line, or -1 if more bytes are needed.
     *
     * @throws HttpError 414 or 431 as soon as the bytes so far are over a limit
     */
    static int headEnd(byte[] data, int length) throws HttpError {
        int requestLineEnd = indexOfNewline(data, 0, length);
        if (requestLineEnd < 0 ? length > MAX_REQUEST_LINE : requestLineEnd + 1 > MAX_REQUEST_LINE) {
            throw new HttpError(414, "the request line is longer than " + MAX_REQUEST_LINE + " bytes");
        }
        if (requestLineEnd < 0) {
            return -1;
        }
        for (int start = requestLineEnd + 1; ; ) {
            int end = indexOfNewline(data, start, length);
            if ((end < 0 ? length : end + 1) - (requestLineEnd + 1) > MAX_HEADER_SECTION) {
                throw new HttpError(431, "the headers are longer than " + MAX_HEADER_SECTION + " bytes");
            }
            if (end < 0) {
                return -1;
            }
            if (end == start || end == start + 1 && data[start] == '\r') {
                return end + 1;
            }
            start = end + 1;
        }
    }

    private static int indexOfNewline(byte[] data, int from, int length) {
        for (int i = from; i < length; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Parses the head, the first {@code headEnd} bytes: request line, then header lines. */
    static Head parseHead(byte[] data, int headEnd) throws HttpError {
        // Header bytes are Latin-1 (RFC 9110 §5.5): one char per byte, so no byte is lost.
        String head = new String(data, 0, headEnd, StandardCharsets.ISO_8859_1);
        for (char c : head.toCharArray()) {
            if (c < ' ' && c != '\r' && c != '\n' && c != '\t' || c == 127) {
                throw new HttpError(400, "control character " + (int) c + " in the request head");
            }
        }
        String[] lines = head.split("\r?\n");
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3) {
            throw new HttpError(400, "the request line must be METHOD TARGET VERSION, got \"" + lines[0] + "\"");
        }
        if (!TOKEN.matcher(parts[0]).matches()) {
            throw new HttpError(400, "\"" + parts[0] + "\" is not a method");
        }
        if (!parts[1].startsWith("/")) {
            throw new HttpError(400, "the target must start with /, got \"" + parts[1] + "\"");
        }
        if (!VERSION.matcher(parts[2]).matches()) {
            throw new HttpError(400, "\"" + parts[2] + "\" is not an HTTP version");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String contentLength = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            // RFC 9112 §5.1: no whitespace between the name and the colon.
            if (colon < 0 || !TOKEN.matcher(lines[i].substring(0, colon)).matches()) {
                throw new HttpError(400, "the header line \"" + lines[i] + "\" is not NAME: VALUE");
            }
            String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            if (name.equals("content-length")) {
                if (contentLength != null && !contentLength.equals(value)) {
                    throw new HttpError(400, "two different Content-Length values");
                }
                contentLength = value;
            }
            headers.put(name, value);
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new HttpError(501, "Transfer-Encoding is not supported: send a Content-Length");
        }
        return new Head(parts[0], parts[1], headers, parseContentLength(contentLength));
    }

    private static int parseContentLength(String value) throws HttpError {
        if (value == null) {
            return 0;
        }
        if (!value.matches("\\d+")) {
            throw new HttpError(400, "Content-Length must be a number of bytes, got \"" + value + "\"");
        }
        // Too long to be an int is too long for this server too: 413, not a NumberFormatException.
        String digits = value.replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 7 || Integer.parseInt(digits) > MAX_BODY) {
            throw new HttpError(413, "the body may be at most " + MAX_BODY + " bytes, Content-Length says " + value);
        }
        return Integer.parseInt(digits);
    }
}
