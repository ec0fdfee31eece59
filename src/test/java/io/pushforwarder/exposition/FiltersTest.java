package io.pushforwarder.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;
import org.junit.jupiter.api.Test;

import static io.pushforwarder.exposition.ScrapeFixtures.nodeExporterBody;
import static io.pushforwarder.exposition.ScrapeFixtures.text;
import static io.pushforwarder.exposition.ScrapeFixtures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keepNames, dropNames and static labels. */
class FiltersTest {

    private static final String HISTOGRAM_AND_MORE = """
            # HELP req_seconds Request time.
            # TYPE req_seconds histogram
            req_seconds_bucket{le="1"} 1
            req_seconds_bucket{le="+Inf"} 2
            req_seconds_sum 1.5
            req_seconds_count 2
            # TYPE go_goroutines gauge
            go_goroutines 7
            process_open_fds 9
            up 1
            """;

    @Test
    void dropNamesRemovesWholeFamiliesWithTheirHelpAndType() throws Exception {
        ValidScrape scrape = validate(HISTOGRAM_AND_MORE,
                ScrapeRules.builder().dropNames(Pattern.compile("go_.*|process_.*")).build());
        assertEquals("""
                # HELP req_seconds Request time.
                # TYPE req_seconds histogram
                req_seconds_bucket{le="1"} 1
                req_seconds_bucket{le="+Inf"} 2
                req_seconds_sum 1.5
                req_seconds_count 2
                up 1
                """, text(scrape));
        assertEquals(2, scrape.seriesDroppedByDropNames());
        assertEquals(0, scrape.seriesDroppedByKeepNames());
        assertEquals(5, scrape.seriesCount());
        assertEquals(2, scrape.familyCount());
    }

    @Test
    void keepNamesMatchesTheFamilyNameSoAHistogramIsKeptWhole() throws Exception {
        ValidScrape scrape = validate(HISTOGRAM_AND_MORE,
                ScrapeRules.builder().keepNames(Pattern.compile("req_seconds")).build());
        assertEquals(4, scrape.seriesCount());
        assertEquals(1, scrape.familyCount());
        assertEquals(3, scrape.seriesDroppedByKeepNames());
        assertTrue(text(scrape).startsWith("# HELP req_seconds"));
        assertFalse(text(scrape).contains("up 1"));
    }

    @Test
    void theWholeNameMustMatch() throws Exception {
        ValidScrape scrape = validate("up 1\nupper 2\n", ScrapeRules.builder().keepNames(Pattern.compile("up")).build());
        assertEquals("up 1\n", text(scrape));
    }

    @Test
    void dropWinsOverKeep() throws Exception {
        ValidScrape scrape = validate("ab 1\nac 2\nb 3\n", ScrapeRules.builder()
                .keepNames(Pattern.compile("a.*")).dropNames(Pattern.compile("ab")).build());
        assertEquals("ac 2\n", text(scrape));
        assertEquals(1, scrape.seriesDroppedByDropNames());
        assertEquals(1, scrape.seriesDroppedByKeepNames());
    }

    @Test
    void filteringEverythingIsAnEmptyScrapeNotAnEmptyPush() {
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> validate("a 1\nb 2\n",
                ScrapeRules.builder().dropNames(Pattern.compile(".*")).build()));
        assertEquals(Reason.EMPTY, refusal.reason());
        assertEquals("every series was filtered out (0 by keepNames, 2 by dropNames)", refusal.getMessage());
    }

    @Test
    void aDroppedFamilyIsStillValidated() {
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> validate(
                "go_x 1\ngo_x{a=\"1\" 2\nup 1\n", ScrapeRules.builder().dropNames(Pattern.compile("go_.*")).build()));
        assertEquals(Reason.SYNTAX, refusal.reason());
    }

    @Test
    void nodeExporterWithoutTheGatewaysOwnFamilies() throws Exception {
        byte[] body = nodeExporterBody();
        ValidScrape scrape = new ScrapeValidator().validate(new java.io.ByteArrayInputStream(body),
                ScrapeRules.builder().dropNames(Pattern.compile("go_.*|process_.*|promhttp_.*")).build());
        long expectedDropped = new String(body, StandardCharsets.UTF_8).lines()
                .filter(l -> l.matches("(go|process|promhttp)_.*")).count();
        assertTrue(expectedDropped > 0);
        assertEquals(expectedDropped, scrape.seriesDroppedByDropNames());
        assertEquals(505 - expectedDropped, scrape.seriesCount());
        assertFalse(text(scrape).lines().anyMatch(l -> l.matches("(# (HELP|TYPE) )?(go|process|promhttp)_.*")));
    }

    @Test
    void staticLabelsAreAddedAfterTheOwnLabelsInNameOrder() throws Exception {
        ValidScrape scrape = validate("# TYPE a gauge\na 1\nb{x=\"1\"} 2\n", ScrapeRules.builder()
                .staticLabels(Map.of("zone", "eu-1", "env", "prod")).build());
        assertEquals("# TYPE a gauge\na{env=\"prod\",zone=\"eu-1\"} 1\nb{x=\"1\",env=\"prod\",zone=\"eu-1\"} 2\n",
                text(scrape));
        assertEquals(0, scrape.staticLabelsOverwritten());
    }

    @Test
    void aStaticLabelOverwritesTheSeriesOwnValueAndIsCounted() throws Exception {
        ValidScrape scrape = validate("a{env=\"dev\",x=\"1\"} 1\nb{env=\"prod\"} 2\n",
                ScrapeRules.builder().staticLabels(Map.of("env", "prod")).build());
        assertEquals("a{env=\"prod\",x=\"1\"} 1\nb{env=\"prod\"} 2\n", text(scrape));
        assertEquals(1, scrape.staticLabelsOverwritten(), "b already had the same value: nothing was overwritten");
    }

    @Test
    void staticLabelValuesAreEscaped() throws Exception {
        ValidScrape scrape = validate("a 1\n", ScrapeRules.builder()
                .staticLabels(Map.of("note", "say \"hi\"\\\nbye ✓")).build());
        assertEquals("a{note=\"say \\\"hi\\\"\\\\\\nbye ✓\"} 1\n", text(scrape));
        java.util.List<Label> labels = new java.util.ArrayList<>();
        scrape.forEachSample(new SampleVisitor() {
            @Override
            public void family(String name, MetricType type, String help) {
            }

            @Override
            public void sample(String name, java.util.List<Label> l, double value, Long timestampMs) {
                labels.addAll(l);
            }
        });
        assertEquals(java.util.List.of(new Label("note", "say \"hi\"\\\nbye ✓")), labels);
    }

    @Test
    void staticLabelsWithTimestampStrippingAndTheResultIsStable() throws Exception {
        ScrapeRules rules = ScrapeRules.builder().staticLabels(Map.of("job", "node")).build();
        ValidScrape scrape = validate("a { x = \"1\" , } 1 1700000000000\n", rules);
        assertEquals("a{x=\"1\",job=\"node\"} 1\n", text(scrape));
        ValidScrape again = validate(text(scrape), rules);
        assertEquals(text(scrape), text(again));
        assertEquals(0, again.totalRepairs());
    }

    @Test
    void seriesThatOnlyCollideOnceTheGroupingLabelsAreSetAreDuplicates() {
        InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class, () -> validate(
                "a{job=\"x\"} 1\na{job=\"y\"} 2\n", ScrapeRules.builder().staticLabels(Map.of("job", "node")).build()));
        assertEquals(Reason.DUPLICATE_SERIES, refusal.reason());
        assertEquals("line 2: duplicate series a{job=\"y\"}: same name and labels as line 1 once the static labels are set",
                refusal.getMessage());
    }

    @Test
    void staticLabelsThatWouldBreakTheFormatAreRefusedWhereTheyAreConfigured() {
        assertBadStaticLabel(Map.of("9x", "v"), "static label name \"9x\" is not a label name");
        assertBadStaticLabel(Map.of("a-b", "v"), "is not a label name");
        assertBadStaticLabel(Map.of("__name__", "v"), "is reserved");
        assertBadStaticLabel(Map.of("le", "v"), "is reserved");
        assertBadStaticLabel(Map.of("quantile", "v"), "is reserved");
        assertBadStaticLabel(Map.of("env", ""), "static label \"env\" needs a value");
        assertBadStaticLabel(Map.of("env", "\ud800"), "lone surrogate");
    }

    private static void assertBadStaticLabel(Map<String, String> labels, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ScrapeRules.builder().staticLabels(labels));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
