package io.pushforwarder.exposition;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A scrape that may be pushed: the repaired and filtered body, which always ends with a line feed, and what was
 * done to get it. Immutable.
 */
public final class ValidScrape implements AutoCloseable {

    private final ScrapeBody body;
    private final int seriesCount;
    private final int familyCount;
    private final long inputBytes;
    private final int[] repairs;
    private final int seriesDroppedByKeepNames;
    private final int seriesDroppedByDropNames;
    private final int staticLabelsOverwritten;

    ValidScrape(ScrapeBody body, int seriesCount, int familyCount, long inputBytes, int[] repairs,
            int seriesDroppedByKeepNames, int seriesDroppedByDropNames, int staticLabelsOverwritten) {
        this.body = body;
        this.seriesCount = seriesCount;
        this.familyCount = familyCount;
        this.inputBytes = inputBytes;
        this.repairs = repairs;
        this.seriesDroppedByKeepNames = seriesDroppedByKeepNames;
        this.seriesDroppedByDropNames = seriesDroppedByDropNames;
        this.staticLabelsOverwritten = staticLabelsOverwritten;
    }

    /** A copy of the body to push, in one array: for tests and small bodies. */
    public byte[] body() {
        return body.toByteArray();
    }

    /** The body to push, without a copy; each call reads from the start. */
    public InputStream bodyStream() {
        return body.openStream();
    }

    public void writeBodyTo(OutputStream out) throws IOException {
        body.writeTo(out);
    }

    public int bodyLength() {
        return (int) body.length();
    }

    /** True when the body is held in a private temporary file (it was larger than inMemoryBytes). */
    public boolean spilled() {
        return body.spilled();
    }

    /** Gives back the body's temporary file, if it has one; the body cannot be read after. Idempotent. */
    @Override
    public void close() {
        body.close();
    }

    /** The samples pushed, after filtering; a histogram bucket, sum and count are three. */
    public int seriesCount() {
        return seriesCount;
    }

    /** The metric families with at least one pushed sample. */
    public int familyCount() {
        return familyCount;
    }

    /** The bytes read from the input. */
    public long inputBytes() {
        return inputBytes;
    }

    public int repairs(Repair repair) {
        return repairs[repair.ordinal()];
    }

    /** Every repair made at least once, with its count. */
    public Map<Repair, Integer> repairs() {
        Map<Repair, Integer> made = new EnumMap<>(Repair.class);
        for (Repair repair : Repair.values()) {
            if (repairs[repair.ordinal()] > 0) {
                made.put(repair, repairs[repair.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(made);
    }

    public int totalRepairs() {
        return Arrays.stream(repairs).sum();
    }

    /** Series of families that {@link ScrapeRules#keepNames()} does not match (and dropNames does not). */
    public int seriesDroppedByKeepNames() {
        return seriesDroppedByKeepNames;
    }

    /** Series of families that {@link ScrapeRules#dropNames()} matches. */
    public int seriesDroppedByDropNames() {
        return seriesDroppedByDropNames;
    }

    /** Labels of the body that a static label replaced with another value, counted per series and label. */
    public int staticLabelsOverwritten() {
        return staticLabelsOverwritten;
    }

    /**
     * Walks the pushed samples, e.g. for a remote_write encoder; see {@link ExpositionParser}.
     */
    public void forEachSample(SampleVisitor visitor) {
        try {
            ExpositionParser.parse(bodyStream(), visitor);
        } catch (InvalidScrapeException e) {
            throw new IllegalStateException("a validated body no longer parses: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ValidScrape[" + seriesCount + " series in " + familyCount + " families, " + inputBytes
                + " bytes in, " + body.length() + " out, repairs " + repairs() + ", dropped by keepNames "
                + seriesDroppedByKeepNames + ", by dropNames " + seriesDroppedByDropNames
                + ", static labels overwritten " + staticLabelsOverwritten + "]";
    }
}
