package io.pushforwarder.exposition;

import java.util.ArrayList;
import java.util.List;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;
import org.junit.jupiter.api.Test;

import static io.pushforwarder.exposition.ScrapeFixtures.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a remote_write encoder sees when it walks an exposition. */
class ExpositionParserTest {

    private final List<String> events = new ArrayList<>();
    private final SampleVisitor recorder = new SampleVisitor() {
        @Override
        public void family(String name, MetricType type, String help) {
            events.add("family " + name + " " + type + " " + help);
        }

        @Override
        public void sample(String name, List<Label> labels, double value, Long timestampMs) {
            events.add("sample " + name + " " + labels + " " + value + " " + timestampMs);
        }
    };

    @Test
    void familiesComeOnceBeforeTheirFirstSampleWithTheirHelpUnescaped() throws Exception {
        ExpositionParser.parse(stream("""
                # HELP h Time\\nin \\\\seconds.
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="+Inf"} 2
                h_sum 1.5
                h_count 2
                up 1
                # HELP up Too late to be reported.
                """), recorder);
        assertEquals(List.of(
                "family h HISTOGRAM Time\nin \\seconds.",
                "sample h_bucket [Label[name=le, value=1]] 1.0 null",
                "sample h_bucket [Label[name=le, value=+Inf]] 2.0 null",
                "sample h_sum [] 1.5 null",
                "sample h_count [] 2.0 null",
                "family up UNTYPED null",
                "sample up [] 1.0 null"), events);
    }

    @Test
    void labelValuesAreUnescapedAndValuesAndTimestampsParsed() throws Exception {
        ExpositionParser.parse(stream("a{q=\"say \\\"hi\\\"\",p=\"C:\\\\dir\",n=\"two\\nlines\",u=\"ünï\"} -Inf 1700000000000\n"
                + "b NaN\nc 1.5e3 -1\n"), recorder);
        assertEquals(List.of(
                "family a UNTYPED null",
                "sample a [Label[name=q, value=say \"hi\"], Label[name=p, value=C:\\dir], Label[name=n, value=two\nlines],"
                        + " Label[name=u, value=ünï]] -Infinity 1700000000000",
                "family b UNTYPED null",
                "sample b [] NaN null",
                "family c UNTYPED null",
                "sample c [] 1500.0 -1"), events);
    }

    @Test
    void aFamilyThatReappearsIsAnnouncedOnce() throws Exception {
        ExpositionParser.parse(stream("a{x=\"1\"} 1\nb 1\na{x=\"2\"} 2\n"), recorder);
        assertEquals(2, events.stream().filter(e -> e.startsWith("family a")).count()
                + events.stream().filter(e -> e.startsWith("family b")).count());
    }

    @Test
    void theParserRepairsNothing() {
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class,
                () -> ExpositionParser.parse(stream("a 1\r\n"), recorder));
        assertEquals(Reason.SYNTAX, refusal.reason());
        refusal = assertThrows(InvalidScrapeException.class, () -> ExpositionParser.parse(stream("a 1"), recorder));
        assertEquals(Reason.TRUNCATED, refusal.reason());
    }

    @Test
    void aValidScrapeWalksItsRepairedBody() throws Exception {
        ValidScrape scrape = new ScrapeValidator().validate(stream("a 1 123\r\nb{x=\"1\"} 2"), ScrapeRules.defaults());
        scrape.forEachSample(recorder);
        assertEquals(List.of("family a UNTYPED null", "sample a [] 1.0 null",
                "family b UNTYPED null", "sample b [Label[name=x, value=1]] 2.0 null"), events);
        assertTrue(scrape.toString().contains("2 series in 2 families"));
        assertNull(null);
    }
}
