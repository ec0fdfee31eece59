package io.pushforwarder.exposition;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Properties over generated expositions, mutations of them, and arbitrary bytes. */
class ExpositionPropertiesTest {

    private static final ScrapeRules NO_REPAIRS = ScrapeRules.builder().repairs(false).build();

    private final ScrapeValidator validator = new ScrapeValidator();

    @Property(tries = 400)
    void generatedExpositionsValidateAndArePushedUnchanged(@ForAll long seed) throws Exception {
        ExpositionGenerator generator = new ExpositionGenerator(seed);
        byte[] body = generator.generate(8).getBytes(StandardCharsets.UTF_8);

        ValidScrape scrape = validator.validate(new ByteArrayInputStream(body), NO_REPAIRS);

        assertArrayEquals(body, scrape.body(), "a canonical body goes out unchanged");
        assertEquals(generator.series(), scrape.seriesCount());
        ValidScrape again = validator.validate(scrape.bodyStream(), ScrapeRules.defaults());
        assertArrayEquals(body, again.body(), "validating the output again changes nothing");
        assertEquals(0, again.totalRepairs());

        List<Double> read = new ArrayList<>();
        scrape.forEachSample(new SampleVisitor() {
            @Override
            public void family(String name, MetricType type, String help) {
            }

            @Override
            public void sample(String name, List<Label> labels, double value, Long timestampMs) {
                read.add(value);
            }
        });
        assertEquals(generator.values().size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(0, Double.compare(generator.values().get(i), read.get(i)), "value of sample " + i);
        }
    }

    @Property(tries = 2000)
    void mutationsAreRefusedWithAReasonOrValidateIdempotently(@ForAll long seed, @ForAll("rules") ScrapeRules rules)
            throws Exception {
        Random random = new Random(seed);
        byte[] body = new ExpositionGenerator(seed).generate(4).getBytes(StandardCharsets.UTF_8);
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
            body = BodyMutations.mutate(body, random);
        }
        ValidScrape scrape;
        try {
            scrape = validator.validate(new ByteArrayInputStream(body), rules);
        } catch (InvalidScrapeException refusal) {
            assertRefusalIsWellFormed(refusal);
            return;
        }
        byte[] out = scrape.body();
        assertEquals('\n', out[out.length - 1], "the pushed body ends with a line feed");
        ValidScrape again = validator.validate(new ByteArrayInputStream(out), rules);
        assertArrayEquals(out, again.body(), "the pushed body validates to itself");
        assertEquals(0, again.totalRepairs());
        assertEquals(0, again.staticLabelsOverwritten());
        assertEquals(scrape.seriesCount(), again.seriesCount());
    }

    @Property(tries = 1000)
    void arbitraryBytesAreRefusedWithAReasonOrValidate(@ForAll @Size(max = 300) byte[] body) throws Exception {
        try {
            ValidScrape scrape = validator.validate(new ByteArrayInputStream(body), ScrapeRules.defaults());
            assertArrayEquals(scrape.body(), validator.validate(scrape.bodyStream(), ScrapeRules.defaults()).body());
        } catch (InvalidScrapeException refusal) {
            assertRefusalIsWellFormed(refusal);
        }
    }

    @Property(tries = 1000)
    void aLabelValueIsValidExactlyWhenItsBytesAreUtf8(@ForAll("labelValueBytes") byte[] value) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("a{x=\"".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(value);
        body.writeBytes("\"} 1\n".getBytes(StandardCharsets.US_ASCII));
        boolean utf8 = isUtf8(value);
        try {
            validator.validate(new ByteArrayInputStream(body.toByteArray()), ScrapeRules.defaults());
            assertEquals(true, utf8, "accepted invalid UTF-8 " + Arrays.toString(value));
        } catch (InvalidScrapeException refusal) {
            assertFalse(utf8, "refused valid UTF-8: " + refusal.getMessage());
            assertEquals(Reason.INVALID_UTF8, refusal.reason(), refusal.getMessage());
        }
    }

    @Property(tries = 3000)
    void decimalValuesParseExactlyAsJavaParsesThem(@ForAll("decimals") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        double expected = Double.parseDouble(text);
        if (Double.isInfinite(expected)) {
            return;
        }
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(GoFloatParser.parse(bytes, 0, bytes.length)),
                text);
    }

    @Provide
    Arbitrary<ScrapeRules> rules() {
        return Arbitraries.of(
                ScrapeRules.defaults(),
                NO_REPAIRS,
                ScrapeRules.builder().staticLabels(Map.of("env", "prod", "i", "9")).build(),
                ScrapeRules.builder().dropNames(Pattern.compile(".*_f1")).maxSeries(20).build());
    }

    @Provide
    Arbitrary<byte[]> labelValueBytes() {
        // no quote, backslash or line break: those are the format's, not UTF-8's
        return Arbitraries.bytes().filter(b -> b != '"' && b != '\\' && b != '\n' && b != '\r')
                .array(byte[].class).ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(22);
        Arbitrary<String> sign = Arbitraries.of("", "+", "-");
        Arbitrary<String> exponent = Arbitraries.integers().between(-340, 340)
                .map(e -> e == 0 ? "" : "e" + e);
        return net.jqwik.api.Combinators.combine(sign, digits, Arbitraries.of("", "."), digits, exponent)
                .as((s, whole, dot, fraction, e) -> s + whole + dot + (dot.isEmpty() ? "" : fraction) + e);
    }

    private static void assertRefusalIsWellFormed(InvalidScrapeException refusal) {
        assertNotNull(refusal.reason());
        assertFalse(refusal.getMessage().isEmpty());
        assertFalse(refusal.getMessage().contains("\n"), "one line: " + refusal.getMessage());
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
