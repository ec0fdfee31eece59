package io.pushforwarder.exposition;

/** The repairs {@link ScrapeValidator} makes to a scrape so that the Pushgateway accepts it. */
public enum Repair {
    /** A sample timestamp was removed: the gateway refuses any timestamp. Counted per sample. */
    STRIP_TIMESTAMP,
    /**
     * The CRs before a line feed (CRLF, or CRCRLF from a double conversion) were removed: the gateway reads a CR as
     * part of the value or type. Counted per line.
     */
    NORMALIZE_LINE_ENDING,
    /** The body's last line had no line feed: the gateway refuses such a body. At most once per scrape. */
    ADD_FINAL_NEWLINE,
    /** An OpenMetrics-only line ({@code # EOF}, {@code # UNIT}, a TYPE of info, stateset...) was dropped. */
    DROP_UNSUPPORTED_LINE,
    /** An OpenMetrics exemplar ({@code # {trace_id="..."} 1}) was cut from the end of a sample line. */
    STRIP_EXEMPLAR
}
