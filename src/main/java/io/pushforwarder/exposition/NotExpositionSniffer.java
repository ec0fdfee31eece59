package io.pushforwarder.exposition;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * Recognises, from its first non-blank byte, a body that cannot be the text format at all, and names what it
 * looks like: an error page, a JSON answer, a gzip body nobody decompressed. Every line of the format starts
 * with {@code #} or a metric name.
 */
final class NotExpositionSniffer {

    private static final int EXCERPT = 40;

    private NotExpositionSniffer() {
    }

    static void check(ParsedLine line) throws InvalidScrapeException {
        byte[] b = line.buf;
        int i = Bytes.skipBlanks(b, line.start, line.end);
        if (i == line.end || b[i] == '#' || Bytes.isMetricNameStart(b[i])) {
            return;
        }
        String excerpt = Bytes.quote(b, i, Math.min(line.end, i + EXCERPT));
        throw InvalidScrapeException.atLine(Reason.NOT_EXPOSITION, line.number,
                looksLike(b, i, line.end) + " " + excerpt + ", not the Prometheus text format");
    }

    /**
     * Whether a first line that failed to parse still has the shape of a sample, a name followed by labels or a
     * value: then it is a broken exposition (SYNTAX), otherwise a text such as "Service Unavailable".
     */
    static boolean hasSampleShape(ParsedLine line) {
        byte[] b = line.buf;
        int i = Bytes.skipBlanks(b, line.start, line.end);
        if (i == line.end || b[i] == '#') {
            return true;
        }
        while (i < line.end && Bytes.isMetricNamePart(b[i])) {
            i++;
        }
        int afterName = i;
        i = Bytes.skipBlanks(b, i, line.end);
        if (i == line.end) {
            return false;
        }
        byte next = b[i];
        return next == '{' || i > afterName && (next >= '0' && next <= '9' || next == '+' || next == '-'
                || next == '.' || next == 'N' || next == 'n' || next == 'I' || next == 'i');
    }

    private static String looksLike(byte[] b, int i, int end) {
        if (Bytes.startsWithIgnoreCase(b, i, end, "<!doctype html") || Bytes.startsWithIgnoreCase(b, i, end, "<html")) {
            return "looks like HTML";
        }
        if (b[i] == '<') {
            return "looks like HTML or XML";
        }
        if (b[i] == '{' || b[i] == '[') {
            return "looks like JSON";
        }
        if ((b[i] & 0xff) == 0x1f && i + 1 < end && (b[i + 1] & 0xff) == 0x8b) {
            return "looks like gzip-compressed data";
        }
        if ((b[i] & 0xff) == 0xef && i + 2 < end && (b[i + 1] & 0xff) == 0xbb && (b[i + 2] & 0xff) == 0xbf) {
            return "starts with a UTF-8 byte order mark";
        }
        return "starts with";
    }
}
