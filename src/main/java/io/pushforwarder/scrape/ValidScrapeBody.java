package io.pushforwarder.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.pushforwarder.exposition.ValidScrape;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;

/**
 * A validated scrape as a message body that can be read again without a copy: a retried push after a 5xx must send
 * the same bytes, never an empty body, which would wipe the group.
 */
public final class ValidScrapeBody extends InputStream implements StreamCache {

    private final ValidScrape scrape;
    private InputStream stream;

    public ValidScrapeBody(ValidScrape scrape) {
        this.scrape = scrape;
        this.stream = scrape.bodyStream();
    }

    public ValidScrape scrape() {
        return scrape;
    }

    @Override
    public int read() throws IOException {
        return stream.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return stream.read(b, off, len);
    }

    @Override
    public void reset() {
        stream = scrape.bodyStream();
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        scrape.writeBodyTo(os);
    }

    @Override
    public StreamCache copy(Exchange exchange) {
        return new ValidScrapeBody(scrape);
    }

    @Override
    public boolean inMemory() {
        return !scrape.spilled();
    }

    @Override
    public long length() {
        return scrape.bodyLength();
    }

    @Override
    public long position() {
        return -1;
    }

    /** For the log and tests only: the bytes as text. */
    @Override
    public String toString() {
        if (scrape.spilled()) {
            return "(a body of " + scrape.bodyLength() + " bytes in a temporary file)";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(scrape.bodyLength());
        try {
            scrape.writeBodyTo(out);
        } catch (IOException e) {
            return "(unreadable)";
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
