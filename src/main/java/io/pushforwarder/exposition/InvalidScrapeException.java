package io.pushforwarder.exposition;

/**
 * A scrape that must not be pushed. {@link #getMessage()} is one line, starting with the line number when one
 * line is to blame, e.g. {@code line 17: invalid metric name "9x"}.
 */
public final class InvalidScrapeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a scrape is refused; one failure counter per value is the intended use. */
    public enum Reason {
        /** No body, or no sample: only comments, HELP/TYPE lines or blank lines, or every series filtered out. */
        EMPTY,
        /** The body does not start like the text format: HTML, JSON, compressed or binary data, an error text. */
        NOT_EXPOSITION,
        /** A byte sequence that is not UTF-8, in any line, comments included. */
        INVALID_UTF8,
        /** A line that breaks the grammar of the format. */
        SYNTAX,
        /** Two samples with the same name and the same label set, in any label order. */
        DUPLICATE_SERIES,
        /** A second TYPE line, a TYPE after samples, or a sample that does not fit its family's type. */
        TYPE_CONFLICT,
        /** More bytes than {@link ScrapeRules#maxBodyBytes()}, or a declared Content-Length over it. */
        TOO_LARGE,
        /** More series than {@link ScrapeRules#maxSeries()} after filtering; a push is never truncated. */
        TOO_MANY_SERIES,
        /** Fewer bytes than the declared Content-Length, or a body that ends in the middle of a line. */
        TRUNCATED,
        /** Valid in Prometheus formats but refused by the Pushgateway, and its repair is switched off. */
        UNSUPPORTED
    }

    private final Reason reason;
    private final int line;
    /** The detail without its line prefix. */
    private final String lineDetail;

    InvalidScrapeException(Reason reason, int line, String detail) {
        super(line > 0 ? "line " + line + ": " + detail : detail);
        this.reason = reason;
        this.line = line;
        this.lineDetail = detail;
    }

    static InvalidScrapeException atLine(Reason reason, int line, String detail) {
        return new InvalidScrapeException(reason, line, detail);
    }

    public static InvalidScrapeException ofBody(Reason reason, String detail) {
        return new InvalidScrapeException(reason, 0, detail);
    }

    public Reason reason() {
        return reason;
    }

    /** The one-line detail, the same as {@link #getMessage()}. */
    public String detail() {
        return getMessage();
    }

    /** The 1-based line to blame, or 0 when the body as a whole is refused. */
    public int line() {
        return line;
    }

    /** The same failure with another reason and a prefix that says why; where the context decides the reason. */
    InvalidScrapeException as(Reason newReason, String prefix) {
        return new InvalidScrapeException(newReason, line, prefix + lineDetail);
    }

    @Override
    public String toString() {
        return "InvalidScrapeException[" + reason + "]: " + getMessage();
    }
}
