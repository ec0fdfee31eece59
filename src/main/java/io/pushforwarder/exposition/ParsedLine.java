package io.pushforwarder.exposition;

import java.util.Arrays;

/**
 * One line of a body, as {@link LineLexer} found it: offsets into the reader's buffer rather than strings, so that
 * a scrape of thousands of lines allocates nothing per line. Reused from line to line: valid only during the
 * callback that receives it.
 */
final class ParsedLine {

    /** OPENMETRICS_COMMENT: {@code # EOF} or {@code # UNIT}; OPENMETRICS_TYPE: a TYPE such as info or stateset. */
    enum Kind { BLANK, COMMENT, HELP, TYPE, SAMPLE, OPENMETRICS_COMMENT, OPENMETRICS_TYPE }

    static final int NONE = -1;

    byte[] buf;
    int start;
    /** End of the content: before the line feed, and before a CR when line endings are normalized. */
    int end;
    int number;
    boolean terminated;
    boolean hadCarriageReturn;

    Kind kind;
    int nameStart;
    int nameEnd;
    /** HELP: start of the raw (escaped) text, which runs to {@link #end}. */
    int textStart;
    /** TYPE: the declared type. OPENMETRICS_TYPE: null, and the type word starts at {@link #textStart}. */
    MetricType type;

    int labelCount;
    int[] labelNameStart = new int[16];
    int[] labelNameEnd = new int[16];
    /** Raw label values, still escaped, without the quotes. */
    int[] labelValueStart = new int[16];
    int[] labelValueEnd = new int[16];

    int valueStart;
    int valueEnd;
    double value;
    int timestampStart;
    int timestampEnd;
    long timestamp;
    /** Where an OpenMetrics exemplar ({@code # {...} v}) begins, or NONE. */
    int exemplarStart;

    void reset(byte[] buf, int start, int end, int number, boolean terminated, boolean hadCarriageReturn) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.number = number;
        this.terminated = terminated;
        this.hadCarriageReturn = hadCarriageReturn;
        this.kind = null;
        this.type = null;
        this.labelCount = 0;
        this.timestampStart = NONE;
        this.exemplarStart = NONE;
    }

    boolean hasTimestamp() {
        return timestampStart != NONE;
    }

    boolean hasExemplar() {
        return exemplarStart != NONE;
    }

    /** Where the sample proper ends: after the value, or after the timestamp when there is one. */
    int sampleEnd() {
        return hasTimestamp() ? timestampEnd : valueEnd;
    }

    /** Index of the label with this name, or NONE. */
    int labelIndex(String name) {
        for (int i = 0; i < labelCount; i++) {
            if (Bytes.equalsAscii(buf, labelNameStart[i], labelNameEnd[i], name)) {
                return i;
            }
        }
        return NONE;
    }

    void addLabel(int nameFrom, int nameTo, int valueFrom, int valueTo) {
        if (labelCount == labelNameStart.length) {
            int size = labelCount * 2;
            labelNameStart = Arrays.copyOf(labelNameStart, size);
            labelNameEnd = Arrays.copyOf(labelNameEnd, size);
            labelValueStart = Arrays.copyOf(labelValueStart, size);
            labelValueEnd = Arrays.copyOf(labelValueEnd, size);
        }
        labelNameStart[labelCount] = nameFrom;
        labelNameEnd[labelCount] = nameTo;
        labelValueStart[labelCount] = valueFrom;
        labelValueEnd[labelCount] = valueTo;
        labelCount++;
    }

    String name() {
        return Bytes.ascii(buf, nameStart, nameEnd);
    }

    String quotedName() {
        return Bytes.quote(buf, nameStart, nameEnd);
    }
}
