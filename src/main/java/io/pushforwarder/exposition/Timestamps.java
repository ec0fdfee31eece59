package io.pushforwarder.exposition;

/** Parses a sample timestamp: a base-10 int64 of milliseconds, sign allowed, as Go's strconv.ParseInt. */
final class Timestamps {

    private Timestamps() {
    }

    static long parse(byte[] b, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (i == end) {
            throw new NumberFormatException("no digits");
        }
        // accumulate negatively so that Long.MIN_VALUE fits
        long value = 0;
        for (; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a digit");
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw new NumberFormatException("out of range");
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw new NumberFormatException("out of range");
            }
            value = -value;
        }
        return value;
    }
}
