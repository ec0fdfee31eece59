package io.pushforwarder.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-level helpers of the format: character classes, comparisons and quoting for error messages. */
final class Bytes {

    private static final int QUOTE_LIMIT = 60;
    private static final boolean[] LABEL_NAME_START = new boolean[256];
    private static final boolean[] LABEL_NAME_PART = new boolean[256];
    private static final boolean[] METRIC_NAME_START = new boolean[256];
    private static final boolean[] METRIC_NAME_PART = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            LABEL_NAME_START[c] = letter;
            LABEL_NAME_PART[c] = letter || digit;
            METRIC_NAME_START[c] = letter || c == ':';
            METRIC_NAME_PART[c] = letter || digit || c == ':';
        }
    }

    private Bytes() {
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    static boolean isLabelNameStart(byte b) {
        return LABEL_NAME_START[b & 0xff];
    }

    static boolean isLabelNamePart(byte b) {
        return LABEL_NAME_PART[b & 0xff];
    }

    static boolean isMetricNameStart(byte b) {
        return METRIC_NAME_START[b & 0xff];
    }

    static boolean isMetricNamePart(byte b) {
        return METRIC_NAME_PART[b & 0xff];
    }

    static int skipBlanks(byte[] b, int i, int end) {
        while (i < end && isBlank(b[i])) {
            i++;
        }
        return i;
    }

    static int skipToBlank(byte[] b, int i, int end) {
        while (i < end && !isBlank(b[i])) {
            i++;
        }
        return i;
    }

    static boolean equalsAscii(byte[] b, int start, int end, String ascii) {
        if (end - start != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWithIgnoreCase(byte[] b, int start, int end, String ascii) {
        if (end - start < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (Character.toLowerCase((char) (b[start + i] & 0xff)) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalRanges(byte[] a, int aStart, int aEnd, byte[] b, int bStart, int bEnd) {
        return Arrays.equals(a, aStart, aEnd, b, bStart, bEnd);
    }

    /** Names are ASCII by the grammar, so this never alters one. */
    static String ascii(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** A token for an error message: quoted, with control and non-ASCII bytes escaped, and cut when long. */
    static String quote(byte[] b, int start, int end) {
        return '"' + escaped(b, start, end, true) + '"';
    }

    /** Text for an error message as it stands in the body, unquoted; control and non-ASCII bytes escaped. */
    static String printable(byte[] b, int start, int end) {
        return escaped(b, start, end, false);
    }

    /** One byte for an error message, in single quotes. */
    static String quoteByte(byte b) {
        StringBuilder out = new StringBuilder(6).append('\'');
        appendEscaped(out, b, true);
        return out.append('\'').toString();
    }

    private static String escaped(byte[] b, int start, int end, boolean escapeQuotes) {
        StringBuilder out = new StringBuilder(Math.min(end - start, QUOTE_LIMIT) + 8);
        int stop = Math.min(end, start + QUOTE_LIMIT);
        for (int i = start; i < stop; i++) {
            appendEscaped(out, b[i], escapeQuotes);
        }
        if (stop < end) {
            out.append("...");
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, byte b, boolean escapeQuotes) {
        int c = b & 0xff;
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '"' -> out.append(escapeQuotes ? "\\\"" : "\"");
            case '\\' -> out.append(escapeQuotes ? "\\\\" : "\\");
            default -> {
                if (c < 0x20 || c >= 0x7f) {
                    out.append(String.format("\\x%02x", c));
                } else {
                    out.append((char) c);
                }
            }
        }
    }
}
