package io.pushforwarder.remotewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.CodedOutputStream;

/**
 * The label set of one series, in the form the remote-write 1.0 specification requires: names sorted, each name
 * once, no empty name or value. Immutable.
 *
 * <p>Rules, checked when the set is built:
 * <ul>
 *   <li>a name matches {@code [a-zA-Z_][a-zA-Z0-9_]*}; the value of {@code __name__} matches the metric-name
 *       pattern {@code [a-zA-Z_:][a-zA-Z0-9_:]*};</li>
 *   <li>a name given twice is an error, even when one of the values is empty;</li>
 *   <li>a label with an empty value is left out: in Prometheus an empty label is no label, and the scrape of
 *       {@code foo{a=""}} stores {@code foo};</li>
 *   <li>a value must be valid Unicode (no lone surrogate), because it goes out as UTF-8;</li>
 *   <li>at least one label must remain.</li>
 * </ul>
 * A broken rule throws {@link InvalidSampleException}, naming the label.
 */
public final class Labels {

    /** The label that holds the metric name. */
    public static final String METRIC_NAME = "__name__";

    private final String[] names;
    private final String[] values;
    private final int hash;
    /** The protobuf size of the labels inside a TimeSeries message; the queue's bytes are counted with it. */
    private final int encodedSize;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
        int size = 0;
        for (int i = 0; i < names.length; i++) {
            int label = CodedOutputStream.computeStringSize(1, names[i]) + CodedOutputStream.computeStringSize(2, values[i]);
            size += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(label) + label;
        }
        this.encodedSize = size;
    }

    /** The labels of a map, in any order. */
    public static Labels of(Map<String, String> labels) {
        return builder(labels.size()).addAll(labels).build();
    }

    /** {@code Labels.of("__name__", "up", "job", "node")}: names and values alternating. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate, got an odd count: "
                    + Arrays.toString(namesAndValues));
        }
        Builder builder = builder(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder(8);
    }

    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    public int size() {
        return names.length;
    }

    /** The i-th name, in sorted order. */
    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of a label, or null when the set has no such label. */
    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : null;
    }

    /** The value of {@code __name__}, or null. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    /** The labels as an unmodifiable map, sorted by name. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    int encodedSize() {
        return encodedSize;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Labels that && hash == that.hash
                && Arrays.equals(names, that.names) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The PromQL form: {@code up{instance="web-1",job="node"}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        String metric = metricName();
        if (metric != null) {
            text.append(metric);
        }
        text.append('{');
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(METRIC_NAME)) {
                continue;
            }
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(names[i]).append("=\"")
                    .append(values[i].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return text.append('}').toString();
    }

    /** Collects labels in any order; {@link #build()} sorts and checks them. Not thread-safe. */
    public static final class Builder {

        private final List<String> names;
        private final List<String> values;

        private Builder(int expectedSize) {
            names = new ArrayList<>(expectedSize);
            values = new ArrayList<>(expectedSize);
        }

        public Builder add(String name, String value) {
            names.add(Objects.requireNonNull(name, "label name"));
            values.add(Objects.requireNonNull(value, () -> "value of label " + name));
            return this;
        }

        public Builder addAll(Map<String, String> labels) {
            labels.forEach(this::add);
            return this;
        }

        /** Whether a label of that name was added (with any value, also an empty one). */
        public boolean contains(String name) {
            return names.contains(name);
        }

        public Labels build() {
            int n = names.size();
            int[] order = sortedOrder(names);
            int kept = 0;
            for (int i = 0; i < n; i++) {
                String name = names.get(order[i]);
                checkName(name);
                if (i > 0 && name.equals(names.get(order[i - 1]))) {
                    throw new InvalidSampleException("label name given twice: " + name + " (values \""
                            + values.get(order[i - 1]) + "\" and \"" + values.get(order[i]) + "\")");
                }
                String value = values.get(order[i]);
                if (!value.isEmpty()) {
                    checkValue(name, value);
                    kept++;
                }
            }
            if (kept == 0) {
                throw new InvalidSampleException("a series needs at least one label with a value, got " + names);
            }
            String[] sortedNames = new String[kept];
            String[] sortedValues = new String[kept];
            int j = 0;
            for (int i = 0; i < n; i++) {
                String value = values.get(order[i]);
                if (!value.isEmpty()) {
                    sortedNames[j] = names.get(order[i]);
                    sortedValues[j++] = value;
                }
            }
            return new Labels(sortedNames, sortedValues);
        }
    }

    /**
     * The indexes of the names in sorted order. Label names are ASCII once checked, so String order is the byte order
     * Prometheus compares in. A series has a handful of labels: insertion sort, no boxing.
     */
    private static int[] sortedOrder(List<String> names) {
        int n = names.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i;
            String name = names.get(i);
            while (j > 0 && names.get(order[j - 1]).compareTo(name) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }

    static void checkName(String name) {
        if (!isValidName(name, false)) {
            throw new InvalidSampleException("invalid label name \"" + name + "\": must match [a-zA-Z_][a-zA-Z0-9_]*");
        }
    }

    private static void checkValue(String name, String value) {
        if (name.equals(METRIC_NAME) && !isValidName(value, true)) {
            throw new InvalidSampleException("invalid metric name \"" + value
                    + "\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidSampleException("value of label " + name + " is not valid Unicode: lone surrogate at "
                        + "index " + i);
            }
        }
    }

    /** The metric-name pattern when colons are allowed, else the label-name pattern. */
    static boolean isValidName(String name, boolean allowColon) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || allowColon && c == ':'
                    || i > 0 && c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
