package io.pushforwarder.scrape;

import java.io.IOException;

/** The scrape's total deadline passed; an I/O failure like a timeout of the connection itself. */
public class ScrapeTimeoutException extends IOException {
    public ScrapeTimeoutException(String message) {
        super(message);
    }
}
