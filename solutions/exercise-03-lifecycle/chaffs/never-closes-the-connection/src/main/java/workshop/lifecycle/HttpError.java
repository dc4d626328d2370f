package workshop.lifecycle;

/**
 * A request the server cannot serve, and the status that says why: 400 for a malformed request,
 * 408 for one that did not arrive in time, 414 and 431 for one over the size limits.
 */
final class HttpError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpError(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }
}
