package workshop.lifecycle;

import java.util.Map;

/**
 * HTTP/1.1 framing on bytes, without sockets, so it can be tested with a string. The limits are the
 * README's: a request line of at most MAX_REQUEST_LINE bytes, its CRLF counted (else 414), header
 * lines of at most MAX_HEADER_SECTION bytes together (else 431).
 */
final class RequestParser {

    static final int MAX_REQUEST_LINE = 8192;
    static final int MAX_HEADER_SECTION = 16384;

    /** What the head says: the request without its body yet. */
    record Head(String method, String target, Map<String, String> headers, int contentLength) {
    }

    private RequestParser() {
    }

    /**
     * Where the head ends in the first {@code length} bytes of {@code data}: the index just after
     * the blank line, or -1 if more bytes are needed.
     */
    static int headEnd(byte[] data, int length) throws HttpError {
        // TODO 2: find the end of the request line and of the blank line; throw
        //         new HttpError(414, ...) or new HttpError(431, ...) once a limit is passed.
        throw new HttpError(501, "RequestParser.headEnd is not written yet");
    }

    /** Parses the head, the first {@code headEnd} bytes: request line, then header lines. */
    static Head parseHead(byte[] data, int headEnd) throws HttpError {
        // TODO 2: split the request line into METHOD TARGET VERSION and each header line at its
        //         colon; throw new HttpError(400, reason) for anything malformed.
        // TODO 3: read Content-Length: digits only, one value.
        throw new HttpError(501, "RequestParser.parseHead is not written yet");
    }
}
