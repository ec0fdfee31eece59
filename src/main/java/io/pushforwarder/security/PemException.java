package io.pushforwarder.security;

/**
 * A PEM file that cannot be used. The message says what was found and which formats are supported; it never quotes
 * the file's content, which may be a private key.
 */
public class PemException extends Exception {

    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}
