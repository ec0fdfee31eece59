package io.pushforwarder.exposition;

import java.util.Arrays;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * Writes the body that will be pushed from the lines the scanner accepted: drops filtered families, cuts what the
 * gateway refuses (timestamps, exemplars, OpenMetrics-only lines), writes the static labels, ends every line with
 * a single line feed, and counts each repair and each dropped series. A line it leaves alone is copied byte for
 * byte, so a clean scrape goes out exactly as it came in.
 */
final class PushableBodyWriter implements ExpositionScanner.Listener {

    private static final byte UNDECIDED = 0;
    private static final byte KEPT = 1;
    private static final byte KEPT_WITH_SAMPLES = 2;
    private static final byte DROPPED_BY_KEEP_NAMES = 3;
    private static final byte DROPPED_BY_DROP_NAMES = 4;

    private final ScrapeRules rules;
    private final FamilyTable families;
    private final StaticLabels statics;
    private final OutputBuffer out;
    private final int[] repairs = new int[Repair.values().length];
    private final boolean[] staticWritten;
    private byte[] decisions = new byte[256];
    private int series;
    private int familiesWithSeries;
    private int droppedByKeepNames;
    private int droppedByDropNames;
    private int staticLabelsOverwritten;

    PushableBodyWriter(ScrapeRules rules, FamilyTable families, int initialCapacity) {
        this.rules = rules;
        this.families = families;
        this.statics = rules.compiledStaticLabels();
        this.staticWritten = new boolean[statics.size()];
        // without static labels the body only shrinks, but for the final newline it may add
        this.out = new OutputBuffer(initialCapacity, statics.size() == 0 ? rules.maxBodyBytes() + 1 : Long.MAX_VALUE,
                rules.inMemoryBytes(), rules.spillDirectory());
    }

    @Override
    public void comment(ParsedLine line) {
        countLineRepairs(line);
        writeLine(line.buf, line.start, line.end);
    }

    @Override
    public void openMetricsOnly(ParsedLine line) {
        countLineRepairs(line);
        repairs[Repair.DROP_UNSUPPORTED_LINE.ordinal()]++;
    }

    @Override
    public void help(ParsedLine line, int family) {
        writeIfFamilyKept(line, family);
    }

    @Override
    public void type(ParsedLine line, int family) {
        writeIfFamilyKept(line, family);
    }

    private void writeIfFamilyKept(ParsedLine line, int family) {
        countLineRepairs(line);
        if (decision(family) <= KEPT_WITH_SAMPLES) {
            writeLine(line.buf, line.start, line.end);
        }
    }

    @Override
    public void sample(ParsedLine line, int family) throws InvalidScrapeException {
        countLineRepairs(line);
        byte decision = decision(family);
        if (decision == DROPPED_BY_KEEP_NAMES) {
            droppedByKeepNames++;
            return;
        }
        if (decision == DROPPED_BY_DROP_NAMES) {
            droppedByDropNames++;
            return;
        }
        if (decision == KEPT) {
            decisions[family] = KEPT_WITH_SAMPLES;
            familiesWithSeries++;
        }
        if (++series > rules.maxSeries() && rules.maxSeries() > 0) {
            throw InvalidScrapeException.atLine(Reason.TOO_MANY_SERIES, line.number, "more than "
                    + rules.maxSeries() + " series (maxSeries); the scrape is refused whole, never truncated");
        }
        if (line.hasTimestamp()) {
            if (!rules.stripTimestamps()) {
                throw InvalidScrapeException.atLine(Reason.UNSUPPORTED, line.number, "sample " + line.quotedName()
                        + " has a timestamp, which the Pushgateway refuses (stripTimestamps is off)");
            }
            repairs[Repair.STRIP_TIMESTAMP.ordinal()]++;
        }
        if (line.hasExemplar()) {
            repairs[Repair.STRIP_EXEMPLAR.ordinal()]++;
        }
        if (statics.size() == 0) {
            // the value ends the pushed line: a timestamp or exemplar after it is cut
            writeLine(line.buf, line.start, line.valueEnd);
        } else {
            writeWithStaticLabels(line);
        }
    }

    /** {@code name{own labels, static labels} value}: own labels in body order, static ones after, by name. */
    private void writeWithStaticLabels(ParsedLine line) {
        byte[] b = line.buf;
        Arrays.fill(staticWritten, false);
        out.write(b, line.nameStart, line.nameEnd);
        out.write((byte) '{');
        for (int k = 0; k < line.labelCount; k++) {
            if (k > 0) {
                out.write((byte) ',');
            }
            int nameStart = line.labelNameStart[k];
            int nameEnd = line.labelNameEnd[k];
            out.write(b, nameStart, nameEnd);
            out.write((byte) '=');
            out.write((byte) '"');
            int staticIndex = statics.indexOf(b, nameStart, nameEnd);
            if (staticIndex >= 0) {
                byte[] value = statics.escapedValue(staticIndex);
                if (!Bytes.equalRanges(b, line.labelValueStart[k], line.labelValueEnd[k], value, 0, value.length)) {
                    staticLabelsOverwritten++;
                }
                out.write(value);
                staticWritten[staticIndex] = true;
            } else {
                out.write(b, line.labelValueStart[k], line.labelValueEnd[k]);
            }
            out.write((byte) '"');
        }
        boolean first = line.labelCount == 0;
        for (int i = 0; i < statics.size(); i++) {
            if (!staticWritten[i]) {
                if (!first) {
                    out.write((byte) ',');
                }
                first = false;
                out.write(statics.name(i));
                out.write((byte) '=');
                out.write((byte) '"');
                out.write(statics.escapedValue(i));
                out.write((byte) '"');
            }
        }
        out.write((byte) '}');
        out.write((byte) ' ');
        writeLine(b, line.valueStart, line.valueEnd);
    }

    private void writeLine(byte[] b, int start, int end) {
        out.write(b, start, end);
        out.write((byte) '\n');
    }

    private void countLineRepairs(ParsedLine line) {
        if (line.hadCarriageReturn) {
            repairs[Repair.NORMALIZE_LINE_ENDING.ordinal()]++;
        }
        if (!line.terminated) {
            repairs[Repair.ADD_FINAL_NEWLINE.ordinal()]++;
        }
    }

    private byte decision(int family) {
        if (family >= decisions.length) {
            decisions = Arrays.copyOf(decisions, Math.max(decisions.length * 2, family + 1));
        }
        if (decisions[family] == UNDECIDED) {
            decisions[family] = decide(family);
        }
        return decisions[family];
    }

    private byte decide(int family) {
        if (!rules.filtersNames()) {
            return KEPT;
        }
        String name = families.name(family);
        if (rules.droppedByDropNames(name)) {
            return DROPPED_BY_DROP_NAMES;
        }
        return rules.droppedByKeepNames(name) ? DROPPED_BY_KEEP_NAMES : KEPT;
    }

    /** Gives back the temporary file of a refused body. */
    void discard() {
        out.discard();
    }

    /** The result, once the scanner has accepted the whole body. */
    ValidScrape finish(long inputBytes) throws InvalidScrapeException {
        if (series == 0) {
            out.discard();
            throw InvalidScrapeException.ofBody(Reason.EMPTY, "every series was filtered out ("
                    + droppedByKeepNames + " by keepNames, " + droppedByDropNames + " by dropNames)");
        }
        return new ValidScrape(out.finish(), series, familiesWithSeries, inputBytes, repairs.clone(),
                droppedByKeepNames, droppedByDropNames, staticLabelsOverwritten);
    }
}
