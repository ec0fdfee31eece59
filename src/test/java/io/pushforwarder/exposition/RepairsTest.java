package io.pushforwarder.exposition;

import java.util.Map;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;
import org.junit.jupiter.api.Test;

import static io.pushforwarder.exposition.ScrapeFixtures.text;
import static io.pushforwarder.exposition.ScrapeFixtures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each repair turns a body the gateway refuses into the exact bytes it accepts, and is counted. */
class RepairsTest {

    private static final ScrapeRules DEFAULTS = ScrapeRules.defaults();

    @Test
    void crlfLineEndingsBecomeLineFeeds() throws Exception {
        ValidScrape scrape = validate("# HELP a An a.\r\n# TYPE a gauge\r\na{x=\"1\"} 1\r\n\r\nb 2\r\n", DEFAULTS);
        assertEquals("# HELP a An a.\n# TYPE a gauge\na{x=\"1\"} 1\n\nb 2\n", text(scrape));
        assertEquals(Map.of(Repair.NORMALIZE_LINE_ENDING, 5), scrape.repairs());
    }

    @Test
    void everyCarriageReturnBeforeALineFeedGoesSoThatTheRepairIsFinal() throws Exception {
        ValidScrape scrape = validate("# HELP a x\r\r\na 1\r\r\n", DEFAULTS);
        assertEquals("# HELP a x\na 1\n", text(scrape));
        assertEquals(Map.of(Repair.NORMALIZE_LINE_ENDING, 2), scrape.repairs());
    }

    @Test
    void aMissingFinalNewlineIsAddedToACompleteLastLine() throws Exception {
        ValidScrape scrape = validate("a 1\nb{x=\"2\"} 2", DEFAULTS);
        assertEquals("a 1\nb{x=\"2\"} 2\n", text(scrape));
        assertEquals(Map.of(Repair.ADD_FINAL_NEWLINE, 1), scrape.repairs());
    }

    @Test
    void aLastCommentWithoutNewlineGetsOneToo() throws Exception {
        assertEquals("a 1\n# the end\n", text(validate("a 1\n# the end", DEFAULTS)));
    }

    @Test
    void aLastLineEndingInCarriageReturnIsRepairedTwice() throws Exception {
        ValidScrape scrape = validate("a 1\r\nb 2\r", DEFAULTS);
        assertEquals("a 1\nb 2\n", text(scrape));
        assertEquals(Map.of(Repair.NORMALIZE_LINE_ENDING, 2, Repair.ADD_FINAL_NEWLINE, 1), scrape.repairs());
    }

    @Test
    void aLastLineCutShortIsTruncatedNotRepaired() {
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class,
                () -> validate("a 1\nb{x=\"2\"", DEFAULTS));
        assertEquals(Reason.TRUNCATED, refusal.reason());
        assertEquals("line 2: body ends in the middle of a line: expected ',' or '}' after the value of label \"x\", "
                + "found the end of the line", refusal.getMessage());
    }

    @Test
    void timestampsAreStripped() throws Exception {
        ValidScrape scrape = validate("a 1 1700000000000\nb{x=\"1\"} 2 -5\nc 3\n", DEFAULTS);
        assertEquals("a 1\nb{x=\"1\"} 2\nc 3\n", text(scrape));
        assertEquals(Map.of(Repair.STRIP_TIMESTAMP, 2), scrape.repairs());
    }

    @Test
    void exemplarsAreCutFromTheirSamples() throws Exception {
        ValidScrape scrape = validate("# TYPE h histogram\n"
                + "h_bucket{le=\"1\"} 1 # {trace_id=\"abc\"} 0.5 1700000000.123\n"
                + "h_bucket{le=\"+Inf\"} 1\nh_sum 0.5\nh_count 1\n"
                + "c_total 1 1700000000000 # {trace_id=\"def\"} 1\n", DEFAULTS);
        assertEquals("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 0.5\nh_count 1\n"
                + "c_total 1\n", text(scrape));
        assertEquals(Map.of(Repair.STRIP_EXEMPLAR, 2, Repair.STRIP_TIMESTAMP, 1), scrape.repairs());
    }

    @Test
    void openMetricsOnlyLinesAreDropped() throws Exception {
        ValidScrape scrape = validate("""
                # HELP foo_seconds Time spent.
                # TYPE foo_seconds counter
                # UNIT foo_seconds seconds
                foo_seconds_total 1.0
                # TYPE build info
                build_info{version="1.2"} 1
                # TYPE state stateset
                state{state="up"} 1
                # EOF
                """, DEFAULTS);
        assertEquals("""
                # HELP foo_seconds Time spent.
                # TYPE foo_seconds counter
                foo_seconds_total 1.0
                build_info{version="1.2"} 1
                state{state="up"} 1
                """, text(scrape));
        assertEquals(Map.of(Repair.DROP_UNSUPPORTED_LINE, 4), scrape.repairs());
    }

    @Test
    void aCommentThatOnlyStartsLikeEofStaysAComment() throws Exception {
        ValidScrape scrape = validate("# EOF is near\na 1\n", DEFAULTS);
        assertEquals("# EOF is near\na 1\n", text(scrape));
        assertEquals(0, scrape.totalRepairs());
    }

    @Test
    void everyRepairAtOnceAndTheResultNeedsNoMore() throws Exception {
        String body = "# TYPE a counter\r\n# UNIT a bytes\r\na_total{x=\"1\"} 1 1700000000000 # {t=\"1\"} 1\r\n"
                + "b 2 1700000000000\r\n# EOF";
        ValidScrape scrape = validate(body, DEFAULTS);
        assertEquals("# TYPE a counter\na_total{x=\"1\"} 1\nb 2\n", text(scrape));
        assertEquals(Map.of(Repair.NORMALIZE_LINE_ENDING, 4, Repair.ADD_FINAL_NEWLINE, 1,
                Repair.STRIP_TIMESTAMP, 2, Repair.STRIP_EXEMPLAR, 1, Repair.DROP_UNSUPPORTED_LINE, 2), scrape.repairs());
        assertEquals(10, scrape.totalRepairs());

        ValidScrape again = validate(text(scrape), DEFAULTS);
        assertEquals(text(scrape), text(again));
        assertEquals(0, again.totalRepairs());
    }

    @Test
    void eachRepairSwitchedOffRefusesWhatItWouldRepair() {
        assertRefused("a 1\r\n", ScrapeRules.builder().normalizeLineEndings(false).build(), Reason.SYNTAX,
                "line 1: expected float as value, got \"1\\r\"");
        assertRefused("a 1", ScrapeRules.builder().addFinalNewline(false).build(), Reason.TRUNCATED,
                "line 1: no final newline: the body may have been cut short (addFinalNewline is off)");
        assertRefused("a 1 5\n", ScrapeRules.builder().stripTimestamps(false).build(), Reason.UNSUPPORTED,
                "line 1: sample \"a\" has a timestamp, which the Pushgateway refuses (stripTimestamps is off)");
        assertRefused("a 1 # {t=\"1\"} 1\n", ScrapeRules.builder().dropUnsupportedLines(false).build(),
                Reason.UNSUPPORTED, "line 1: exemplar after the value of \"a\"");
        assertRefused("# TYPE a stateset\na{a=\"x\"} 1\n", ScrapeRules.builder().dropUnsupportedLines(false).build(),
                Reason.UNSUPPORTED, "line 1: type \"stateset\" of \"a\" is OpenMetrics-only");
    }

    @Test
    void aRepairNeverHidesABrokenLine() {
        assertRefused("a 1 12x\n", DEFAULTS, Reason.SYNTAX, "line 1: expected integer as timestamp, got \"12x\"");
        assertRefused("a 1 # {t=1} 1\n", DEFAULTS, Reason.SYNTAX, "line 1: expected '\"' at the start of the value of label \"t\"");
        assertRefused("a 1 # trailing words\n", DEFAULTS, Reason.SYNTAX, "line 1: unexpected text after the value");
    }

    private static void assertRefused(String body, ScrapeRules rules, Reason reason, String detail) {
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> validate(body, rules));
        assertEquals(reason, refusal.reason(), refusal.getMessage());
        if (!refusal.getMessage().startsWith(detail)) {
            assertEquals(detail, refusal.getMessage());
        }
    }
}
