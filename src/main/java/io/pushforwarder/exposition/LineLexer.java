package io.pushforwarder.exposition;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;
import io.pushforwarder.exposition.ParsedLine.Kind;

/**
 * The grammar of one line of the text format 0.0.4, as the gateway's parser (prometheus/common expfmt
 * text_parse.go) reads it, where it is stricter only where the format is: a blank must separate the labels, or
 * the name, from the value ({@code a{x="1"}2} and {@code a-1} slip through the gateway as values 2 and -1),
 * TYPE words are lower case, and HELP or TYPE needs a name.
 *
 * <p>It does not know the families: second TYPE lines, duplicates and suffixes are {@link ExpositionScanner}'s.
 */
final class LineLexer {

    void lex(ParsedLine line) throws InvalidScrapeException {
        int i = Bytes.skipBlanks(line.buf, line.start, line.end);
        if (i == line.end) {
            line.kind = Kind.BLANK;
        } else if (line.buf[i] == '#') {
            lexComment(line, i + 1);
        } else {
            lexSample(line, i);
        }
    }

    private void lexComment(ParsedLine line, int from) throws InvalidScrapeException {
        byte[] b = line.buf;
        int end = line.end;
        int i = Bytes.skipBlanks(b, from, end);
        int keywordEnd = Bytes.skipToBlank(b, i, end);
        boolean help = Bytes.equalsAscii(b, i, keywordEnd, "HELP");
        if (!help && !Bytes.equalsAscii(b, i, keywordEnd, "TYPE")) {
            boolean endOfFile = Bytes.equalsAscii(b, i, keywordEnd, "EOF")
                    && Bytes.skipBlanks(b, keywordEnd, end) == end;
            boolean unit = Bytes.equalsAscii(b, i, keywordEnd, "UNIT");
            line.kind = endOfFile || unit ? Kind.OPENMETRICS_COMMENT : Kind.COMMENT;
            return;
        }
        String keyword = help ? "HELP" : "TYPE";
        i = Bytes.skipBlanks(b, keywordEnd, end);
        if (i == end) {
            throw syntax(line, keyword + " line without a metric name");
        }
        int nameEnd = metricNameEnd(b, i, end);
        if (nameEnd == i || nameEnd < end && !Bytes.isBlank(b[nameEnd])) {
            throw syntax(line, "invalid metric name in " + keyword + " line: "
                    + Bytes.quote(b, i, Bytes.skipToBlank(b, i, end)));
        }
        line.nameStart = i;
        line.nameEnd = nameEnd;
        int rest = Bytes.skipBlanks(b, nameEnd, end);
        if (help) {
            checkHelpEscapes(line, rest);
            line.textStart = rest;
            line.kind = Kind.HELP;
            return;
        }
        if (rest == end) {
            throw syntax(line, "TYPE line for " + line.quotedName() + " without a type");
        }
        // the rest of the line, trailing blanks included, is the type: the gateway refuses "gauge " too
        line.textStart = rest;
        line.type = MetricType.ofToken(b, rest, end);
        if (line.type != null) {
            line.kind = Kind.TYPE;
        } else if (isOpenMetricsOnlyType(b, rest, end)) {
            line.kind = Kind.OPENMETRICS_TYPE;
        } else {
            throw syntax(line, "unknown metric type " + Bytes.quote(b, rest, end)
                    + " (expected counter, gauge, histogram, summary or untyped)");
        }
    }

    private static boolean isOpenMetricsOnlyType(byte[] b, int start, int end) {
        return Bytes.equalsAscii(b, start, end, "gaugehistogram") || Bytes.equalsAscii(b, start, end, "info")
                || Bytes.equalsAscii(b, start, end, "stateset") || Bytes.equalsAscii(b, start, end, "unknown");
    }

    /** HELP knows two escapes, {@code \\} and {@code \n}; the gateway refuses any other, {@code \"} too. */
    private static void checkHelpEscapes(ParsedLine line, int from) throws InvalidScrapeException {
        byte[] b = line.buf;
        for (int i = WordAtATime.indexOf(b, from, line.end, (byte) '\\'); i >= 0;
                i = WordAtATime.indexOf(b, i + 2, line.end, (byte) '\\')) {
            if (i + 1 == line.end) {
                throw syntax(line, "HELP text ends in a lone backslash");
            }
            byte escaped = b[i + 1];
            if (escaped != '\\' && escaped != 'n') {
                throw syntax(line, "invalid escape sequence '\\" + (char) (escaped & 0xff) + "' in HELP text");
            }
        }
    }

    private void lexSample(ParsedLine line, int from) throws InvalidScrapeException {
        byte[] b = line.buf;
        int end = line.end;
        int nameEnd = metricNameEnd(b, from, end);
        if (nameEnd == from || nameEnd < end && !Bytes.isBlank(b[nameEnd]) && b[nameEnd] != '{') {
            throw syntax(line, "invalid metric name " + Bytes.quote(b, from, nameTokenEnd(b, from, end)));
        }
        line.nameStart = from;
        line.nameEnd = nameEnd;
        int i = Bytes.skipBlanks(b, nameEnd, end);
        if (i < end && b[i] == '{') {
            i = lexLabels(line, i + 1, true);
            if (i < end && !Bytes.isBlank(b[i])) {
                throw syntax(line, "expected a blank between the labels and the value, found " + Bytes.quoteByte(b[i]));
            }
            i = Bytes.skipBlanks(b, i, end);
        }
        if (i == end) {
            throw syntax(line, "missing value for metric " + line.quotedName());
        }
        int valueEnd = Bytes.skipToBlank(b, i, end);
        line.valueStart = i;
        line.valueEnd = valueEnd;
        line.value = floatOrThrow(line, i, valueEnd, "as value");
        line.kind = Kind.SAMPLE;
        if (valueEnd == end) {
            return;
        }
        i = Bytes.skipBlanks(b, valueEnd, end);
        if (i == end) {
            throw syntax(line, "blank after the value, which the gateway reads as an empty timestamp");
        }
        if (b[i] == '#') {
            lexExemplar(line, valueEnd, i);
            return;
        }
        int timestampEnd = Bytes.skipToBlank(b, i, end);
        try {
            line.timestamp = Timestamps.parse(b, i, timestampEnd);
        } catch (NumberFormatException e) {
            throw syntax(line, "expected integer as timestamp, got " + Bytes.quote(b, i, timestampEnd));
        }
        line.timestampStart = i;
        line.timestampEnd = timestampEnd;
        if (timestampEnd == end) {
            return;
        }
        i = Bytes.skipBlanks(b, timestampEnd, end);
        if (i == end) {
            throw syntax(line, "blank after the timestamp");
        }
        if (b[i] == '#') {
            lexExemplar(line, timestampEnd, i);
            return;
        }
        throw syntax(line, "unexpected text after the timestamp: " + Bytes.quote(b, i, end));
    }

    /** An OpenMetrics exemplar: {@code # {labels} value [timestamp]}; checked whole, though it is never pushed. */
    private void lexExemplar(ParsedLine line, int sampleEnd, int hash) throws InvalidScrapeException {
        byte[] b = line.buf;
        int end = line.end;
        int i = Bytes.skipBlanks(b, hash + 1, end);
        if (i == hash + 1 || i == end || b[i] != '{') {
            throw syntax(line, "unexpected text after the value: " + Bytes.quote(b, hash, end));
        }
        i = lexLabels(line, i + 1, false);
        int valueStart = Bytes.skipBlanks(b, i, end);
        if (valueStart == i || valueStart == end) {
            throw syntax(line, "exemplar without a value");
        }
        int valueEnd = Bytes.skipToBlank(b, valueStart, end);
        floatOrThrow(line, valueStart, valueEnd, "as exemplar value");
        int timestampStart = Bytes.skipBlanks(b, valueEnd, end);
        if (timestampStart < end) {
            int timestampEnd = Bytes.skipToBlank(b, timestampStart, end);
            floatOrThrow(line, timestampStart, timestampEnd, "as exemplar timestamp");
            if (timestampEnd != end) {
                throw syntax(line, "unexpected text after the exemplar: " + Bytes.quote(b, timestampEnd, end));
            }
        } else if (valueEnd != end) {
            throw syntax(line, "blank after the exemplar");
        }
        line.exemplarStart = sampleEnd;
    }

    /** Reads labels after '{' up to and including '}'; returns the index after '}'. */
    private int lexLabels(ParsedLine line, int from, boolean store) throws InvalidScrapeException {
        byte[] b = line.buf;
        int end = line.end;
        int i = from;
        while (true) {
            i = Bytes.skipBlanks(b, i, end);
            if (i == end) {
                throw syntax(line, "label set of " + line.quotedName() + " not closed before the end of the line");
            }
            if (b[i] == '}') {
                return i + 1;
            }
            int nameStart = i;
            if (!Bytes.isLabelNameStart(b[i])) {
                throw syntax(line, "invalid label name " + Bytes.quote(b, i, labelTokenEnd(b, i, end))
                        + " for metric " + line.quotedName());
            }
            for (i++; i < end && Bytes.isLabelNamePart(b[i]); i++) {
                // the name runs on
            }
            int nameEnd = i;
            i = Bytes.skipBlanks(b, i, end);
            if (i == end || b[i] != '=') {
                throw syntax(line, "expected '=' after label name " + Bytes.quote(b, nameStart, nameEnd) + ", found "
                        + (i == end ? "the end of the line" : Bytes.quoteByte(b[i])));
            }
            i = Bytes.skipBlanks(b, i + 1, end);
            if (i == end || b[i] != '"') {
                throw syntax(line, "expected '\"' at the start of the value of label "
                        + Bytes.quote(b, nameStart, nameEnd));
            }
            int valueStart = ++i;
            while (i < end && b[i] != '"') {
                if (b[i] == '\\') {
                    if (i + 1 == end) {
                        break;
                    }
                    byte escaped = b[i + 1];
                    if (escaped != '\\' && escaped != '"' && escaped != 'n') {
                        throw syntax(line, "invalid escape sequence '\\" + (char) (escaped & 0xff)
                                + "' in the value of label " + Bytes.quote(b, nameStart, nameEnd));
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
            if (i >= end) {
                throw syntax(line, "value of label " + Bytes.quote(b, nameStart, nameEnd)
                        + " not closed before the end of the line");
            }
            int valueEnd = i++;
            if (store) {
                checkLabelName(line, nameStart, nameEnd);
                line.addLabel(nameStart, nameEnd, valueStart, valueEnd);
            }
            i = Bytes.skipBlanks(b, i, end);
            if (i < end && b[i] == ',') {
                i++;
            } else if (i < end && b[i] == '}') {
                return i + 1;
            } else {
                throw syntax(line, "expected ',' or '}' after the value of label " + Bytes.quote(b, nameStart, nameEnd)
                        + ", found " + (i == end ? "the end of the line" : Bytes.quoteByte(b[i])));
            }
        }
    }

    /** Reserved names and repeats; the gateway refuses both (the {@code __} prefix in its consistency check). */
    private static void checkLabelName(ParsedLine line, int nameStart, int nameEnd) throws InvalidScrapeException {
        byte[] b = line.buf;
        if (nameEnd - nameStart >= 2 && b[nameStart] == '_' && b[nameStart + 1] == '_') {
            throw syntax(line, "label name " + Bytes.quote(b, nameStart, nameEnd)
                    + " is reserved: names starting with __ are Prometheus's own");
        }
        int length = nameEnd - nameStart;
        for (int k = 0; k < line.labelCount; k++) {
            int otherStart = line.labelNameStart[k];
            if (line.labelNameEnd[k] - otherStart == length && b[otherStart] == b[nameStart]
                    && Bytes.equalRanges(b, otherStart, line.labelNameEnd[k], b, nameStart, nameEnd)) {
                throw syntax(line, "duplicate label name " + Bytes.quote(b, nameStart, nameEnd) + " for metric "
                        + line.quotedName());
            }
        }
    }

    private static double floatOrThrow(ParsedLine line, int start, int end, String what)
            throws InvalidScrapeException {
        try {
            return GoFloatParser.parse(line.buf, start, end);
        } catch (NumberFormatException e) {
            throw syntax(line, "expected float " + what + ", got " + Bytes.quote(line.buf, start, end)
                    + ("out of range".equals(e.getMessage()) ? " (out of range)" : ""));
        }
    }

    private static int metricNameEnd(byte[] b, int i, int end) {
        if (i == end || !Bytes.isMetricNameStart(b[i])) {
            return i;
        }
        for (i++; i < end && Bytes.isMetricNamePart(b[i]); i++) {
            // the name runs on
        }
        return i;
    }

    /** The end of a bad metric name for the message, at least one byte past its start. */
    private static int nameTokenEnd(byte[] b, int start, int end) {
        int i = start;
        while (i < end && !Bytes.isBlank(b[i]) && b[i] != '{') {
            i++;
        }
        return i == start ? start + 1 : i;
    }

    /** The end of a bad label name for the message, at least one byte past its start. */
    private static int labelTokenEnd(byte[] b, int start, int end) {
        int i = start;
        while (i < end && !Bytes.isBlank(b[i]) && b[i] != '=' && b[i] != ',' && b[i] != '}') {
            i++;
        }
        return i == start ? start + 1 : i;
    }

    private static InvalidScrapeException syntax(ParsedLine line, String detail) {
        return InvalidScrapeException.atLine(Reason.SYNTAX, line.number, detail);
    }
}
