package io.pushforwarder.exposition;

import java.io.ByteArrayInputStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of {@link ExpositionCases}, with every repair off: the format as the gateway reads it. */
class ExpositionCasesTest {

    private static final ScrapeRules NO_REPAIRS = ScrapeRules.builder().repairs(false).build();
    private final ScrapeValidator validator = new ScrapeValidator();

    static Stream<ExpositionCases.Case> cases() {
        return ExpositionCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theValidatorSaysWhatTheTableSays(ExpositionCases.Case row) throws Exception {
        if (row.valid()) {
            ValidScrape scrape = validator.validate(new ByteArrayInputStream(row.body()), NO_REPAIRS);
            assertEquals(new String(row.body(), java.nio.charset.StandardCharsets.UTF_8),
                    new String(scrape.body(), java.nio.charset.StandardCharsets.UTF_8),
                    "a valid body is pushed exactly as it came");
            assertEquals(0, scrape.totalRepairs());
        } else {
            InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class,
                    () -> validator.validate(new ByteArrayInputStream(row.body()), NO_REPAIRS));
            assertEquals(row.reason(), refusal.reason(), refusal.getMessage());
            assertTrue(refusal.getMessage().contains(row.detail()),
                    () -> "detail \"" + refusal.getMessage() + "\" lacks \"" + row.detail() + "\"");
            assertTrue(refusal.getMessage().indexOf('\n') < 0, "the detail is one line");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theParserAgreesWithTheValidator(ExpositionCases.Case row) throws Exception {
        SampleCounter counter = new SampleCounter();
        if (row.valid()) {
            ExpositionParser.parse(new ByteArrayInputStream(row.body()), counter);
            assertTrue(counter.samples > 0);
        } else if (row.reason() != InvalidScrapeException.Reason.UNSUPPORTED
                || !row.detail().contains("timestamp")) {
            InvalidScrapeException refusal = assertThrows(InvalidScrapeException.class,
                    () -> ExpositionParser.parse(new ByteArrayInputStream(row.body()), counter));
            assertEquals(row.reason(), refusal.reason(), refusal.getMessage());
        }
    }

    private static final class SampleCounter implements SampleVisitor {
        int samples;

        @Override
        public void family(String name, MetricType type, String help) {
        }

        @Override
        public void sample(String name, java.util.List<Label> labels, double value, Long timestampMs) {
            samples++;
        }
    }
}
