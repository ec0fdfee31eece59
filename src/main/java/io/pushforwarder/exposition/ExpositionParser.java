package io.pushforwarder.exposition;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Walks the samples of a text exposition (format 0.0.4), for consumers such as a remote_write encoder. It is
 * {@link ScrapeValidator}'s parser with nothing repaired, filtered or limited beyond
 * {@link ScrapeRules#MAX_BODY_BYTES_LIMIT}: it refuses exactly what the validator refuses with every repair off,
 * except that sample timestamps are allowed and handed over. A body that {@link ScrapeValidator} returned always
 * parses.
 */
public final class ExpositionParser {

    private ExpositionParser() {
    }

    /** Parses the whole body before returning; the visitor may already have seen samples when it throws. */
    public static void parse(InputStream body, SampleVisitor visitor) throws InvalidScrapeException, IOException {
        FamilyTable families = new FamilyTable();
        new ExpositionScanner(ExpositionScanner.Options.strict(ScrapeRules.MAX_BODY_BYTES_LIMIT), families,
                new VisitingListener(families, visitor)).scan(body);
    }

    /** Turns accepted lines into strings for the visitor; HELP texts are remembered until the family's first sample. */
    private static final class VisitingListener implements ExpositionScanner.Listener {

        private final FamilyTable families;
        private final SampleVisitor visitor;
        private String[] helps = new String[256];
        private boolean[] announced = new boolean[256];

        VisitingListener(FamilyTable families, SampleVisitor visitor) {
            this.families = families;
            this.visitor = visitor;
        }

        @Override
        public void comment(ParsedLine line) {
            // comments carry no samples
        }

        @Override
        public void openMetricsOnly(ParsedLine line) {
            // never called: strict options refuse OpenMetrics
        }

        @Override
        public void help(ParsedLine line, int family) {
            ensureCapacity(family);
            helps[family] = Escapes.unescape(line.buf, line.textStart, line.end);
        }

        @Override
        public void type(ParsedLine line, int family) {
            // the family table holds the type
        }

        @Override
        public void sample(ParsedLine line, int family) {
            ensureCapacity(family);
            if (!announced[family]) {
                announced[family] = true;
                visitor.family(families.name(family), families.type(family), helps[family]);
            }
            List<Label> labels = new ArrayList<>(line.labelCount);
            for (int k = 0; k < line.labelCount; k++) {
                labels.add(new Label(Bytes.ascii(line.buf, line.labelNameStart[k], line.labelNameEnd[k]),
                        Escapes.unescape(line.buf, line.labelValueStart[k], line.labelValueEnd[k])));
            }
            visitor.sample(line.name(), Collections.unmodifiableList(labels), line.value,
                    line.hasTimestamp() ? line.timestamp : null);
        }

        private void ensureCapacity(int family) {
            if (family >= helps.length) {
                int size = Math.max(helps.length * 2, family + 1);
                helps = Arrays.copyOf(helps, size);
                announced = Arrays.copyOf(announced, size);
            }
        }
    }
}
