package io.pushforwarder.exposition;

import io.pushforwarder.exposition.FamilyTable.Suffix;
import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * Whether a sample fits its family's type. A histogram's samples are {@code _bucket} with an {@code le} label,
 * {@code _sum} and {@code _count}; a summary's are the quantiles, with a {@code quantile} label, {@code _sum} and
 * {@code _count}. The gateway silently drops a bucket without {@code le} or a bare histogram sample; refusing
 * them is stricter by design, because the data a user meant to push would be lost.
 */
final class SampleTypeCheck {

    private SampleTypeCheck() {
    }

    /** Checks a sample that {@link FamilyTable#resolve} just attributed to this family. */
    static void check(ParsedLine line, FamilyTable families, int family) throws InvalidScrapeException {
        MetricType type = families.type(family);
        if (type == MetricType.HISTOGRAM) {
            checkHistogram(line, families.lastSuffix(), families, family);
        } else if (type == MetricType.SUMMARY) {
            checkSummary(line, families.lastSuffix(), families, family);
        }
    }

    private static void checkHistogram(ParsedLine line, Suffix suffix, FamilyTable families, int family)
            throws InvalidScrapeException {
        int le = line.labelIndex("le");
        switch (suffix) {
            case NONE -> throw conflict(line, "sample " + line.quotedName() + " of the histogram \""
                    + families.name(family) + "\" needs the suffix _bucket, _sum or _count");
            case BUCKET -> {
                if (le == ParsedLine.NONE) {
                    throw conflict(line, "histogram bucket " + line.quotedName() + " without an \"le\" label");
                }
                checkFloatLabel(line, le, "le");
            }
            default -> {
                if (le != ParsedLine.NONE) {
                    throw conflict(line, line.quotedName() + " of the histogram \"" + families.name(family)
                            + "\" must not have an \"le\" label");
                }
            }
        }
    }

    private static void checkSummary(ParsedLine line, Suffix suffix, FamilyTable families, int family)
            throws InvalidScrapeException {
        int quantile = line.labelIndex("quantile");
        if (suffix == Suffix.NONE) {
            if (quantile == ParsedLine.NONE) {
                throw conflict(line, "sample " + line.quotedName() + " of the summary \"" + families.name(family)
                        + "\" needs a \"quantile\" label, or the suffix _sum or _count");
            }
            checkFloatLabel(line, quantile, "quantile");
        } else if (quantile != ParsedLine.NONE) {
            throw conflict(line, line.quotedName() + " of the summary \"" + families.name(family)
                    + "\" must not have a \"quantile\" label");
        }
    }

    private static void checkFloatLabel(ParsedLine line, int label, String name) throws InvalidScrapeException {
        int start = line.labelValueStart[label];
        int end = line.labelValueEnd[label];
        try {
            GoFloatParser.parse(line.buf, start, end);
        } catch (NumberFormatException e) {
            throw InvalidScrapeException.atLine(Reason.SYNTAX, line.number, "expected float as value for '" + name
                    + "' label, got " + Bytes.quote(line.buf, start, end));
        }
    }

    private static InvalidScrapeException conflict(ParsedLine line, String detail) {
        return InvalidScrapeException.atLine(Reason.TYPE_CONFLICT, line.number, detail);
    }
}
