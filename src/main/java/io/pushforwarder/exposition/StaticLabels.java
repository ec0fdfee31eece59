package io.pushforwarder.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** The static labels of {@link ScrapeRules}, sorted by name and escaped once, ready to be written to lines. */
final class StaticLabels {

    static final StaticLabels NONE = new StaticLabels(Map.of());

    private final byte[][] names;
    private final byte[][] escapedValues;

    StaticLabels(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        names = new byte[sorted.size()][];
        escapedValues = new byte[sorted.size()][];
        int i = 0;
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            names[i] = label.getKey().getBytes(StandardCharsets.US_ASCII);
            escapedValues[i] = escape(label.getValue()).getBytes(StandardCharsets.UTF_8);
            i++;
        }
    }

    int size() {
        return names.length;
    }

    byte[] name(int i) {
        return names[i];
    }

    byte[] escapedValue(int i) {
        return escapedValues[i];
    }

    /** The index of the static label with this name, or -1. */
    int indexOf(byte[] b, int start, int end) {
        for (int i = 0; i < names.length; i++) {
            if (Bytes.equalRanges(names[i], 0, names[i].length, b, start, end)) {
                return i;
            }
        }
        return -1;
    }

    /** A label value as the format writes it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
