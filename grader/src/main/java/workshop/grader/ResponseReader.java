package workshop.grader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads one HTTP/1.1 response off a stream of bytes, and says in plain words what is wrong with
 * one that is not whole. It never touches a socket, so it can be tested with a string.
 */
final class ResponseReader {

    private ResponseReader() {
    }

    static RawResponse read(InputStream in, boolean toHeadRequest) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new NoResponse();
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new ResponseProblem("the response does not start with a status line like \"HTTP/1.1 200 OK\"; it starts with \"" + statusLine + "\"");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        int status = Integer.parseInt(parts[1]);
        byte[] body;
        boolean endedByClose = false;
        if (toHeadRequest || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (headers.containsKey("content-length")) {
            body = readExactly(in, number(headers.get("content-length").get(0), 10, "Content-Length"), "Content-Length");
        } else if (headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body = readChunked(in);
        } else {
            // RFC 9112 §6.3: a response body without Content-Length or chunking is read until the connection closes.
            body = in.readAllBytes();
            endedByClose = true;
        }
        return new RawResponse(statusLine, status, headers, body, endedByClose || saysClose(parts[0], headers));
    }

    /** RFC 9112 §9.3: "Connection: close", or HTTP/1.0 without keep-alive, ends the connection after this response. */
    private static boolean saysClose(String version, Map<String, List<String>> headers) {
        List<String> tokens = headers.getOrDefault("connection", List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(t -> t.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toList());
        return tokens.contains("close") || version.equals("HTTP/1.0") && !tokens.contains("keep-alive");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    private static int number(String text, int radix, String what) throws ResponseProblem {
        try {
            int number = Integer.parseInt(text.trim(), radix);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, in the same words.
        }
        throw new ResponseProblem("the response's " + what + " is not a number of bytes: \"" + text + "\"");
    }

    private static byte[] readExactly(InputStream in, int length, String promisedBy) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new ResponseProblem("the connection ended after " + bytes.length + " of the " + length + " body bytes that " + promisedBy + " promised");
        }
        return bytes;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new ResponseProblem("the connection ended in the middle of a chunked body");
            }
            int size = number(sizeLine.split(";", 2)[0].trim(), 16, "a chunk size (hexadecimal)");
            if (size == 0) {
                for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
                    // Trailers carry nothing the checks look at.
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, size, "its chunk size"));
            readLine(in);
        }
    }

    /** The server closed the connection before sending the first byte of a response. */
    public static final class NoResponse extends IOException {

        private static final long serialVersionUID = 1L;

        NoResponse() {
            super("the server closed the connection without sending a response");
        }
    }

    /** What the server sent is not a whole HTTP response; the message says how, in plain words. */
    public static final class ResponseProblem extends IOException {

        private static final long serialVersionUID = 1L;

        ResponseProblem(String message) {
            super(message);
        }
    }
}
