package io.pushforwarder.exposition;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;
import org.junit.jupiter.api.Test;

import static io.pushforwarder.exposition.ScrapeFixtures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maxBodyBytes, maxSeries and the declared Content-Length. */
class LimitsTest {

    private static final long ONE_MIB = 1024 * 1024;
    private static final long HUNDRED_MB = 100_000_000;

    @Test
    void aHundredMegabyteBodyIsRefusedAfterReadingJustOverTheLimit() throws Exception {
        CountingSeriesStream body = new CountingSeriesStream(HUNDRED_MB);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> new ScrapeValidator()
                .validate(body, ScrapeRules.builder().maxBodyBytes(ONE_MIB).build()));

        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertEquals(Reason.TOO_LARGE, refusal.reason());
        assertEquals("body is over maxBodyBytes 1048576; stopped reading after 1048577 bytes", refusal.getMessage());
        assertEquals(ONE_MIB + 1, body.served, "not one byte more than the first one over the limit is read");
        assertTrue(allocated < 8 * ONE_MIB, "a 1 MiB limit must not cost much more than 1 MiB: " + allocated);
    }

    @Test
    void aSingleEndlessLineIsRefusedAtTheLimitToo() {
        InputStream endless = new InputStream() {
            private long served;

            @Override
            public int read() {
                return served++ == 0 ? 'a' : 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                served += len;
                if (served > HUNDRED_MB) {
                    throw new AssertionError("read far beyond the limit");
                }
                return len;
            }
        };
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> new ScrapeValidator()
                .validate(endless, ScrapeRules.builder().maxBodyBytes(ONE_MIB).build()));
        assertEquals(Reason.TOO_LARGE, refusal.reason());
    }

    @Test
    void aBodyOfExactlyTheLimitPassesAndOneByteMoreDoesNot() throws Exception {
        String body = "a 1\nb 2\n";
        assertEquals(2, validate(body, ScrapeRules.builder().maxBodyBytes(body.length()).build()).seriesCount());
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class,
                () -> validate(body, ScrapeRules.builder().maxBodyBytes(body.length() - 1).build()));
        assertEquals(Reason.TOO_LARGE, refusal.reason());
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("must not be read");
            }
        };
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> new ScrapeValidator()
                .validate(untouchable, ScrapeRules.builder().maxBodyBytes(100).build(), OptionalLong.of(101)));
        assertEquals(Reason.TOO_LARGE, refusal.reason());
        assertEquals("Content-Length 101 is over maxBodyBytes 100; nothing was read", refusal.getMessage());
    }

    @Test
    void fewerBytesThanTheContentLengthIsTruncatedEvenAtALineBoundary() {
        byte[] body = "a 1\nb 2\n".getBytes(StandardCharsets.US_ASCII);
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> new ScrapeValidator()
                .validate(new ByteArrayInputStream(body), ScrapeRules.defaults(), OptionalLong.of(200)));
        assertEquals(Reason.TRUNCATED, refusal.reason());
        assertEquals("body ended after 8 of the 200 bytes its Content-Length declared", refusal.getMessage());
    }

    @Test
    void moreBytesThanTheContentLengthIsRefusedToo() {
        byte[] body = "a 1\nb 2\n".getBytes(StandardCharsets.US_ASCII);
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> new ScrapeValidator()
                .validate(new ByteArrayInputStream(body), ScrapeRules.defaults(), OptionalLong.of(4)));
        assertEquals(Reason.TRUNCATED, refusal.reason());
        assertEquals("body has 8 bytes but its Content-Length declared 4", refusal.getMessage());
    }

    @Test
    void theExactContentLengthPasses() throws Exception {
        byte[] body = "a 1\nb 2\n".getBytes(StandardCharsets.US_ASCII);
        ValidScrape scrape = new ScrapeValidator().validate(new ByteArrayInputStream(body), ScrapeRules.defaults(),
                OptionalLong.of(body.length));
        assertEquals(8, scrape.inputBytes());
    }

    @Test
    void maxSeriesIsALimitNotATruncation() throws Exception {
        String body = "a 1\nb 2\nc 3\n";
        assertEquals(3, validate(body, ScrapeRules.builder().maxSeries(3).build()).seriesCount());
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class,
                () -> validate(body, ScrapeRules.builder().maxSeries(2).build()));
        assertEquals(Reason.TOO_MANY_SERIES, refusal.reason());
        assertEquals("line 3: more than 2 series (maxSeries); the scrape is refused whole, never truncated",
                refusal.getMessage());
    }

    @Test
    void maxSeriesCountsOnlyWhatIsPushed() throws Exception {
        ValidScrape scrape = validate("go_a 1\ngo_b 2\nup 1\n", ScrapeRules.builder().maxSeries(1)
                .dropNames(java.util.regex.Pattern.compile("go_.*")).build());
        assertEquals(1, scrape.seriesCount());
    }

    @Test
    void maxSeriesStopsReadingEarly() {
        CountingSeriesStream body = new CountingSeriesStream(HUNDRED_MB);
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class,
                () -> new ScrapeValidator().validate(body, ScrapeRules.builder().maxSeries(10).build()));
        assertEquals(Reason.TOO_MANY_SERIES, refusal.reason());
        assertTrue(body.served < 64 * 1024, "read " + body.served + " bytes");
    }

    /**
     * Valid series lines without end, {@code series_total{n="0000000001"} 1}, each with the next number, made as
     * they are read and without allocating, so that 100 MB never exist and the allocation measured is the
     * validator's.
     */
    private static final class CountingSeriesStream extends InputStream {

        private static final int DIGITS_AT = "series_total{n=\"".length();
        private static final int DIGITS = 10;

        private final long size;
        private final byte[] line = "series_total{n=\"0000000000\"} 1\n".getBytes(StandardCharsets.US_ASCII);
        private long served;
        private int linePos;

        CountingSeriesStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the validator reads in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= size) {
                return -1;
            }
            int n = 0;
            while (n < len && served < size) {
                if (linePos == line.length) {
                    nextNumber();
                    linePos = 0;
                }
                int chunk = (int) Math.min(Math.min(len - n, line.length - linePos), size - served);
                System.arraycopy(line, linePos, b, off + n, chunk);
                linePos += chunk;
                n += chunk;
                served += chunk;
            }
            return n;
        }

        private void nextNumber() {
            for (int i = DIGITS_AT + DIGITS - 1; i >= DIGITS_AT; i--) {
                if (line[i] < '9') {
                    line[i]++;
                    return;
                }
                line[i] = '0';
            }
        }
    }
}
