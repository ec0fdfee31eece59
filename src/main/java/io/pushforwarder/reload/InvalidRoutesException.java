package io.pushforwarder.reload;

/** A routes file that cannot be applied; the message says why, on one line. */
public class InvalidRoutesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRoutesException(String message) {
        super(message);
    }
}
