package io.pushforwarder.exposition;

import java.nio.charset.StandardCharsets;

/**
 * Parses a sample value, or an {@code le} or {@code quantile} label value, exactly as far as the gateway's parser
 * accepts it: Go's {@code strconv.ParseFloat} without hexadecimal floats and underscores. So {@code 1e-3},
 * {@code .5}, {@code 5.}, {@code +Inf}, {@code -inf}, {@code Infinity} and {@code NaN} (any case, NaN unsigned)
 * are values, and {@code 1e400} is not: Go calls it out of range where Java would say Infinity.
 */
final class GoFloatParser {

    /** Up to this mantissa, adding a digit cannot overflow a long. */
    private static final long MANTISSA_LIMIT = 100_000_000_000_000_000L;
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int EXPONENT_CAP = 100_000;

    private GoFloatParser() {
    }

    /** The value of bytes [start, end), or NumberFormatException with a short reason. */
    static double parse(byte[] b, int start, int end) {
        int i = start;
        boolean negative = false;
        boolean signed = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            signed = true;
            i++;
        }
        if (i == end) {
            throw new NumberFormatException("no digits");
        }
        byte first = b[i];
        if (first == 'i' || first == 'I' || first == 'n' || first == 'N') {
            return special(b, i, end, negative, signed);
        }
        long mantissa = 0;
        boolean inexact = false;
        boolean sawDigit = false;
        int exponent = 0;
        for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
            sawDigit = true;
            if (mantissa < MANTISSA_LIMIT) {
                mantissa = mantissa * 10 + (b[i] - '0');
            } else {
                inexact = true;
                exponent++;
            }
        }
        if (i < end && b[i] == '.') {
            for (i++; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
                sawDigit = true;
                if (mantissa < MANTISSA_LIMIT) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    exponent--;
                } else {
                    inexact = true;
                }
            }
        }
        if (!sawDigit) {
            throw new NumberFormatException("no digits");
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            if (i == end || b[i] < '0' || b[i] > '9') {
                throw new NumberFormatException("no digits in the exponent");
            }
            int written = 0;
            for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
                written = Math.min(EXPONENT_CAP, written * 10 + (b[i] - '0'));
            }
            exponent += negativeExponent ? -written : written;
        }
        if (i != end) {
            throw new NumberFormatException("unexpected character");
        }
        double magnitude;
        if (!inexact && mantissa < EXACT_DOUBLE_LIMIT && exponent >= -22 && exponent <= 22) {
            // both operands are exact doubles, so one IEEE operation rounds correctly (Clinger's fast path)
            magnitude = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
        } else {
            // the syntax checked above is a subset of Java's, which then rounds correctly for every length
            magnitude = Math.abs(Double.parseDouble(new String(b, start, end - start, StandardCharsets.ISO_8859_1)));
            if (Double.isInfinite(magnitude)) {
                throw new NumberFormatException("out of range");
            }
        }
        return negative ? -magnitude : magnitude;
    }

    /** Go's rules: inf or infinity, signed or not, and nan without a sign, in any case. */
    private static double special(byte[] b, int i, int end, boolean negative, boolean signed) {
        if (Bytes.startsWithIgnoreCase(b, i, end, "infinity") && end - i == 8
                || Bytes.startsWithIgnoreCase(b, i, end, "inf") && end - i == 3) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!signed && end - i == 3 && Bytes.startsWithIgnoreCase(b, i, end, "nan")) {
            return Double.NaN;
        }
        throw new NumberFormatException("not a number");
    }
}
