package io.pushforwarder.exposition;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The spellings of a value that Go's ParseFloat, and so the gateway, accepts, and those it refuses. */
class GoFloatParserTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "0, 0", "-0, -0.0", "+5, 5", "1, 1", "1.5, 1.5", ".5, 0.5", "5., 5", "00012, 12", "1e3, 1000", "1E+3, 1000",
        "1.5e-3, 0.0015", "-2.5E-1, -0.25", "123456789012345678901234567890, 1.2345678901234568E29",
        "0.1, 0.1", "0.30000000000000004, 0.30000000000000004", "9007199254740993, 9007199254740992",
        "1e-400, 0", "4.9e-324, 4.9E-324", "1.7976931348623157e308, 1.7976931348623157E308",
        "+Inf, Infinity", "-Inf, -Infinity", "inf, Infinity", "INF, Infinity", "Infinity, Infinity",
        "-infinity, -Infinity", "NaN, NaN", "nan, NaN", "NAN, NaN"})
    void accepted(String text, double expected) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(parse(text)), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", ".", "e5", "1e", "1e+", "--1", "+-1", "1.2.3", "1e400", "-1e400", "0x10",
        "0x1p3", "1_000", "1f", "1d", "+NaN", "-nan", "infin", "Infinityy", "in", "1 ", " 1", "1,5", "abc", "١"})
    void refused(String text) {
        assertThrows(NumberFormatException.class, () -> parse(text));
    }

    private static double parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return GoFloatParser.parse(bytes, 0, bytes.length);
    }
}
