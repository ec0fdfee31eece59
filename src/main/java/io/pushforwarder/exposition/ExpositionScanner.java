package io.pushforwarder.exposition;

import java.io.IOException;
import java.io.InputStream;

import io.pushforwarder.exposition.FamilyTable.Suffix;
import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * Reads a body line by line and checks what spans lines: the families (one HELP and one TYPE each, TYPE before
 * samples, samples that fit their type, no suffix collisions), duplicate series, an empty body, a body that is
 * not the format at all, and a last line cut short. Each line that passes goes to a {@link Listener}, which
 * decides what becomes of it.
 *
 * <p>Whether the body is refused follows the gateway's parser and consistency check; see {@link LineLexer} and
 * {@link FamilyTable} for the few places that are stricter, and why.
 */
final class ExpositionScanner {

    /**
     * What the scanner tolerates: the caller's repairs, and the static labels that take part in series identity.
     *
     * @param declaredLength        the sender's Content-Length, or -1
     * @param acceptOpenMetrics     hand OpenMetrics-only lines and exemplars to the listener instead of refusing
     * @param acceptMissingFinalNewline hand a complete last line without line feed to the listener
     */
    record Options(long maxBodyBytes, long declaredLength, boolean normalizeLineEndings, boolean acceptOpenMetrics,
            boolean acceptMissingFinalNewline, StaticLabels staticLabels) {

        /** The format itself: nothing repaired, nothing added. */
        static Options strict(long maxBodyBytes) {
            return new Options(maxBodyBytes, -1, false, false, false, StaticLabels.NONE);
        }
    }

    /** Receives each accepted line, in body order; the line is valid only during the call. */
    interface Listener {

        /** A blank line or a comment, {@code # EOF} and {@code # UNIT} included when OpenMetrics is not accepted. */
        void comment(ParsedLine line) throws InvalidScrapeException;

        /** An OpenMetrics-only line; only when {@link Options#acceptOpenMetrics()}. */
        void openMetricsOnly(ParsedLine line) throws InvalidScrapeException;

        void help(ParsedLine line, int family) throws InvalidScrapeException;

        void type(ParsedLine line, int family) throws InvalidScrapeException;

        /** A sample whose family, type fit and series identity were checked. */
        void sample(ParsedLine line, int family) throws InvalidScrapeException;
    }

    private final Options options;
    private final FamilyTable families;
    private final Listener listener;
    private final LineLexer lexer = new LineLexer();
    private final Utf8Checker utf8 = new Utf8Checker();
    private final SeriesSet series = new SeriesSet();
    private final ParsedLine line = new ParsedLine();
    private boolean sawFormatLine;
    private int samples;
    private long bytesRead;

    ExpositionScanner(Options options, FamilyTable families, Listener listener) {
        this.options = options;
        this.families = families;
        this.listener = listener;
    }

    void scan(InputStream in) throws IOException, InvalidScrapeException {
        BoundedLineReader reader = new BoundedLineReader(in, options.maxBodyBytes(), options.declaredLength());
        while (reader.next()) {
            byte[] buf = reader.buffer();
            int start = reader.lineStart();
            int end = reader.lineEnd();
            int contentEnd = end;
            if (options.normalizeLineEndings()) {
                // every CR, not just one: a CR left before the line feed would be a line ending to the next reader
                while (contentEnd > start && buf[contentEnd - 1] == '\r') {
                    contentEnd--;
                }
            }
            line.reset(buf, start, contentEnd, reader.lineNumber(), reader.terminated(), contentEnd < end);
            accept(line);
        }
        bytesRead = reader.bytesRead();
        if (bytesRead == 0) {
            throw InvalidScrapeException.ofBody(Reason.EMPTY, "empty body");
        }
        if (samples == 0) {
            throw InvalidScrapeException.ofBody(Reason.EMPTY, "no samples in " + reader.lineNumber()
                    + " lines: only comments, HELP or TYPE lines and blank lines");
        }
        families.checkSuffixCollisions();
    }

    long bytesRead() {
        return bytesRead;
    }

    private void accept(ParsedLine line) throws InvalidScrapeException {
        if (!sawFormatLine) {
            NotExpositionSniffer.check(line);
        }
        utf8.check(line);
        try {
            lexer.lex(line);
        } catch (InvalidScrapeException e) {
            if (!line.terminated) {
                throw e.as(Reason.TRUNCATED, "body ends in the middle of a line: ");
            }
            if (!sawFormatLine && !NotExpositionSniffer.hasSampleShape(line)) {
                throw e.as(Reason.NOT_EXPOSITION, "not the Prometheus text format: ");
            }
            throw e;
        }
        if (!line.terminated && !options.acceptMissingFinalNewline()) {
            throw InvalidScrapeException.atLine(Reason.TRUNCATED, line.number,
                    "no final newline: the body may have been cut short (addFinalNewline is off)");
        }
        switch (line.kind) {
            case BLANK, COMMENT -> listener.comment(line);
            case OPENMETRICS_COMMENT -> {
                if (options.acceptOpenMetrics()) {
                    listener.openMetricsOnly(line);
                } else {
                    listener.comment(line);
                }
            }
            case OPENMETRICS_TYPE -> openMetricsType(line);
            case HELP -> help(line);
            case TYPE -> type(line);
            case SAMPLE -> sample(line);
            default -> throw new IllegalStateException("unknown line kind " + line.kind);
        }
    }

    private void openMetricsType(ParsedLine line) throws InvalidScrapeException {
        if (!options.acceptOpenMetrics()) {
            throw InvalidScrapeException.atLine(Reason.UNSUPPORTED, line.number, "type "
                    + Bytes.quote(line.buf, line.textStart, line.end) + " of " + line.quotedName()
                    + " is OpenMetrics-only: the text format 0.0.4 and the Pushgateway refuse it"
                    + " (dropUnsupportedLines is off)");
        }
        listener.openMetricsOnly(line);
    }

    private void help(ParsedLine line) throws InvalidScrapeException {
        int family = families.resolve(line.buf, line.nameStart, line.nameEnd);
        if (families.helpSeen(family)) {
            throw InvalidScrapeException.atLine(Reason.SYNTAX, line.number,
                    "second HELP line for metric name \"" + families.name(family) + "\"");
        }
        families.markHelp(family);
        sawFormatLine = true;
        listener.help(line, family);
    }

    private void type(ParsedLine line) throws InvalidScrapeException {
        int family = families.resolve(line.buf, line.nameStart, line.nameEnd);
        Suffix suffix = families.lastSuffix();
        if (suffix != Suffix.NONE) {
            throw InvalidScrapeException.atLine(Reason.TYPE_CONFLICT, line.number, "TYPE line for "
                    + line.quotedName() + ", which names the " + suffix.text() + " samples of the " + families.type(family).text() + " \"" + families.name(family) + "\"");
        }
        if (families.typeDeclared(family)) {
            throw InvalidScrapeException.atLine(Reason.TYPE_CONFLICT, line.number,
                    "second TYPE line for metric name " + line.quotedName());
        }
        if (families.hasSamples(family)) {
            throw InvalidScrapeException.atLine(Reason.TYPE_CONFLICT, line.number,
                    "TYPE line for " + line.quotedName() + " after its samples");
        }
        families.declareType(family, line.type);
        sawFormatLine = true;
        listener.type(line, family);
    }

    private void sample(ParsedLine line) throws InvalidScrapeException {
        if (line.hasExemplar() && !options.acceptOpenMetrics()) {
            throw InvalidScrapeException.atLine(Reason.UNSUPPORTED, line.number, "exemplar after the value of "
                    + line.quotedName()
                    + ": OpenMetrics-only, the Pushgateway refuses it (dropUnsupportedLines is off)");
        }
        int family = families.resolve(line.buf, line.nameStart, line.nameEnd);
        SampleTypeCheck.check(line, families, family);
        families.markSample(family, line.number);
        checkNotDuplicate(line);
        samples++;
        sawFormatLine = true;
        listener.sample(line, family);
    }

    private void checkNotDuplicate(ParsedLine line) throws InvalidScrapeException {
        StaticLabels statics = options.staticLabels();
        byte[] b = line.buf;
        boolean emptyValue = false;
        boolean overwritten = false;
        series.startLabels();
        for (int k = 0; k < line.labelCount; k++) {
            int nameStart = line.labelNameStart[k];
            int nameEnd = line.labelNameEnd[k];
            if (line.labelValueStart[k] == line.labelValueEnd[k]) {
                emptyValue = true;
            } else if (statics.size() > 0 && statics.indexOf(b, nameStart, nameEnd) >= 0) {
                overwritten = true;
            } else {
                series.addLabel(b, nameStart, nameEnd, b, line.labelValueStart[k], line.labelValueEnd[k]);
            }
        }
        for (int i = 0; i < statics.size(); i++) {
            byte[] name = statics.name(i);
            byte[] value = statics.escapedValue(i);
            series.addLabel(name, 0, name.length, value, 0, value.length);
        }
        int earlier = series.add(b, line.nameStart, line.nameEnd, line.number);
        if (earlier != 0) {
            int seriesEnd = line.valueStart;
            while (Bytes.isBlank(b[seriesEnd - 1])) {
                seriesEnd--;
            }
            throw InvalidScrapeException.atLine(Reason.DUPLICATE_SERIES, line.number, "duplicate series "
                    + Bytes.printable(b, Bytes.skipBlanks(b, line.start, line.end), seriesEnd)
                    + ": same name and labels as line " + earlier
                    + (emptyValue ? " (a label with an empty value is no label)" : "")
                    + (overwritten ? " once the static labels are set" : ""));
        }
    }
}
