package io.pushforwarder.security;

import javax.net.ssl.SSLException;

/** A TLS failure explained in one line: which check failed, against which peer, and which key fixes it. */
public class TlsFailureException extends SSLException {

    public TlsFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
