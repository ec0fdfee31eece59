package io.pushforwarder.exposition;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The gate before a push: reads a scrape once, as it streams in, and either returns the body to push or refuses
 * the scrape with a {@link InvalidScrapeException.Reason} and a one-line detail. Never holds more than
 * {@link ScrapeRules#maxBodyBytes()} of input. Stateless and thread-safe; the stream is not closed.
 *
 * <p>What it accepts is what the Pushgateway accepts (its text parser and its consistency check), except where
 * it is stricter by design: an empty or comments-only body (the gateway would wipe the group), duplicates that
 * differ only by labels of empty value, histogram and summary samples the gateway would silently drop, invalid
 * UTF-8 in comments or HELP, upper-case TYPE words, and values glued to their name or labels.
 *
 * <p>A body cut short at a line boundary cannot be told from a complete one; pass the declared Content-Length to
 * catch that, and rely on the HTTP client for a chunked body that ends without its last chunk. A body cut inside
 * a line is refused as {@code TRUNCATED} when that last line does not parse; when it still parses (a value cut
 * from {@code 123} to {@code 12}) only the Content-Length can tell.
 */
public final class ScrapeValidator {

    private static final int DEFAULT_OUTPUT_CAPACITY = 64 * 1024;
    /** Above this a declared length is not trusted for the first allocation: it grows as the bytes come. */
    private static final long LARGEST_PRESIZE = 4L * 1024 * 1024;

    public ValidScrape validate(InputStream body, ScrapeRules rules) throws InvalidScrapeException, IOException {
        return validate(body, rules, OptionalLong.empty());
    }

    /**
     * @param declaredContentLength the Content-Length of the response, when it had one: fewer bytes (or more)
     *                              are refused as TRUNCATED, and a length over maxBodyBytes as TOO_LARGE before
     *                              anything is read
     * @throws IOException when reading the stream fails; the scrape is then not pushable either
     */
    public ValidScrape validate(InputStream body, ScrapeRules rules, OptionalLong declaredContentLength)
            throws InvalidScrapeException, IOException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(rules, "rules");
        long declared = declaredContentLength.orElse(-1);
        if (declaredContentLength.isPresent() && declared < 0) {
            throw new IllegalArgumentException("a Content-Length cannot be negative: " + declared);
        }
        ExpositionScanner.Options options = new ExpositionScanner.Options(rules.maxBodyBytes(), declared,
                rules.normalizeLineEndings(), rules.dropUnsupportedLines(), rules.addFinalNewline(),
                rules.compiledStaticLabels());
        FamilyTable families = new FamilyTable();
        int capacity = declared >= 0 && declared < Math.min(rules.maxBodyBytes(), LARGEST_PRESIZE)
                ? (int) declared + 1 : DEFAULT_OUTPUT_CAPACITY;
        PushableBodyWriter writer = new PushableBodyWriter(rules, families, capacity);
        ExpositionScanner scanner = new ExpositionScanner(options, families, writer);
        boolean accepted = false;
        try {
            scanner.scan(body);
            ValidScrape scrape = writer.finish(scanner.bytesRead());
            accepted = true;
            return scrape;
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof SpillFailedException spill) {
                throw spill;
            }
            throw e;
        } finally {
            if (!accepted) {
                writer.discard();
            }
        }
    }
}
