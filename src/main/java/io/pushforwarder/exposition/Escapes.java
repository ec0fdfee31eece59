package io.pushforwarder.exposition;

import java.nio.charset.StandardCharsets;

/** Turns an escaped label value or HELP text of a checked line into its string. */
final class Escapes {

    private Escapes() {
    }

    /** {@code \\}, {@code \"} and {@code \n} are the only escapes a checked line can hold. */
    static String unescape(byte[] b, int start, int end) {
        int backslash = start;
        while (backslash < end && b[backslash] != '\\') {
            backslash++;
        }
        if (backslash == end) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[end - start];
        int length = 0;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < end) {
                byte escaped = b[++i];
                out[length++] = escaped == 'n' ? (byte) '\n' : escaped;
            } else {
                out[length++] = c;
            }
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }
}
