package io.pushforwarder.scrape;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Gives up on a body that takes longer than a deadline in all. The HTTP client's response timeout only bounds the
 * wait between two packets, so an exporter that trickles one byte a second would hold a tick forever without this.
 */
final class DeadlineInputStream extends FilterInputStream {

    private final long deadlineNanos;
    private final long timeoutMs;

    DeadlineInputStream(InputStream in, long startNanos, long timeoutMs) {
        super(in);
        this.deadlineNanos = startNanos + timeoutMs * 1_000_000;
        this.timeoutMs = timeoutMs;
    }

    private void check() throws ScrapeTimeoutException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new ScrapeTimeoutException("the scrape took longer than " + timeoutMs
                    + " ms in all (forwarder.exporter.scrape-timeout-ms)");
        }
    }

    @Override
    public int read() throws IOException {
        check();
        int b = super.read();
        check();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        int n = super.read(b, off, len);
        check();
        return n;
    }
}
