package io.pushforwarder.exposition;

import java.io.IOException;

/** The validator could not write a large body to its temporary file (a full or read-only disk): not the scrape's fault. */
public final class SpillFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    SpillFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
