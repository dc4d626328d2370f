package workshop.hello;

/** A request the server cannot take, with the status to answer and the reason in plain words. */
final class BadRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequestException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }
}
