package workshop.hello;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 request from a stream of bytes (RFC 9112): the request line, the header
 * section, then the body if the headers announce one.
 *
 * <p>It knows nothing about sockets, so it can be tried on a string:
 * {@code RequestParser.parse(new ByteArrayInputStream("GET / HTTP/1.1\r\n\r\n".getBytes()))}.
 * Input it cannot take becomes a {@link BadRequestException} carrying the status to answer; the
 * end of the stream in the middle of a request is an {@link EOFException}.
 */
final class RequestParser {

    static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADER_SECTION_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final InputStream in;

    private RequestParser(InputStream in) {
        this.in = in;
    }

    static Request parse(InputStream in) throws IOException, BadRequestException {
        return new RequestParser(in).request();
    }

    private Request request() throws IOException, BadRequestException {
        String requestLine = readLine(MAX_REQUEST_LINE_BYTES, 414, "The request line is too long");
        if (requestLine.isEmpty()) {
            // RFC 9112 §2.2: ignore at least one empty line before the request line.
            requestLine = readLine(MAX_REQUEST_LINE_BYTES, 414, "The request line is too long");
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw new BadRequestException(400, "The request line must be METHOD TARGET VERSION, got \"" + requestLine + "\"");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new BadRequestException(505, "Only HTTP/1.1 and HTTP/1.0 are supported, got \"" + version + "\"");
        }
        Map<String, List<String>> headers = headers();
        return new Request(parts[0], parts[1], version, headers, body(headers));
    }

    private Map<String, List<String>> headers() throws IOException, BadRequestException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int budget = MAX_HEADER_SECTION_BYTES;
        while (true) {
            // Math.max: the empty line that ends the section always fits.
            String line = readLine(Math.max(budget, 1), 431, "The headers are too large");
            if (line.isEmpty()) {
                return headers;
            }
            budget -= line.length() + 2;
            if (line.startsWith(" ") || line.startsWith("\t")) {
                // RFC 9112 §5.2: a header folded onto several lines is obsolete; reject it.
                throw new BadRequestException(400, "A header line starts with a space: folded headers are not accepted");
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon);
            // RFC 9112 §5.1: no space is allowed between the name and the colon.
            if (!isToken(name)) {
                throw new BadRequestException(400, "A header line must be Name: value, got \"" + line + "\"");
            }
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
    }

    private byte[] body(Map<String, List<String>> headers) throws IOException, BadRequestException {
        List<String> transferEncoding = headers.get("transfer-encoding");
        List<String> contentLength = headers.get("content-length");
        if (transferEncoding != null) {
            // RFC 9112 §6.1: both at once is how requests are smuggled past proxies; refuse it.
            if (contentLength != null) {
                throw new BadRequestException(400, "Send Content-Length or Transfer-Encoding, not both");
            }
            if (!String.join(",", transferEncoding).trim().equalsIgnoreCase("chunked")) {
                throw new BadRequestException(501, "Only Transfer-Encoding: chunked is supported");
            }
            return chunkedBody();
        }
        if (contentLength != null) {
            return readExactly(contentLength(contentLength));
        }
        // RFC 9112 §6.3: a request with neither header has no body.
        return new byte[0];
    }

    private static int contentLength(List<String> values) throws BadRequestException {
        // The header may be repeated, or a list, as long as every value is the same number.
        String joined = String.join(",", values);
        String first = joined.split(",", -1)[0].trim();
        boolean oneNumber = !first.isEmpty() && first.chars().allMatch(c -> c >= '0' && c <= '9')
                && Arrays.stream(joined.split(",", -1)).allMatch(value -> value.trim().equals(first));
        if (!oneNumber) {
            throw new BadRequestException(400, "Content-Length must be one number, got \"" + joined + "\"");
        }
        if (first.length() > 9 || Integer.parseInt(first) > MAX_BODY_BYTES) {
            throw new BadRequestException(413, "The body may be at most " + MAX_BODY_BYTES + " bytes, got " + first);
        }
        return Integer.parseInt(first);
    }

    // RFC 9112 §7.1: each chunk is its size in hex, CRLF, the bytes, CRLF; a size of 0 ends the body.
    private byte[] chunkedBody() throws IOException, BadRequestException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(1024, 400, "A chunk size line is too long");
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new BadRequestException(400, "A chunk size must be a hex number, got \"" + sizeLine + "\"");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                headers(); // trailer fields, if any, end with an empty line; they are not used
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY_BYTES) {
                throw new BadRequestException(413, "The body may be at most " + MAX_BODY_BYTES + " bytes");
            }
            body.writeBytes(readExactly((int) size));
            if (!readLine(2, 400, "A chunk is longer than its size").isEmpty()) {
                throw new BadRequestException(400, "A chunk is longer than its size");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("The body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** One line without its line ending: CRLF, or a bare LF (RFC 9112 §2.2 allows accepting it). */
    private String readLine(int maxBytes, int tooLongStatus, String tooLongReason)
            throws IOException, BadRequestException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("The stream ended in the middle of a line");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= maxBytes) {
                throw new BadRequestException(tooLongStatus, tooLongReason);
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        // Header bytes outside ASCII are opaque (RFC 9110 §5.5); ISO-8859-1 keeps each byte as one char.
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    // RFC 9110 §5.6.2: methods and header names are tokens.
    private static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    }
}
