package io.pushforwarder.exposition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@link ScrapeValidator} enforces, repairs and filters for one target. Immutable; build with
 * {@link #builder()}. Every repair is on by default, no filter is.
 *
 * <ul>
 *   <li>{@code maxBodyBytes}: the largest body read, 16 MiB by default; reading stops at the first byte over it.</li>
 *   <li>{@code inMemoryBytes}: the most of a pushable body held in the heap, 1 MiB by default; a larger body
 *       is written to a private temporary file in {@code spillDirectory} (java.io.tmpdir by default) while it
 *       is checked, and pushed from there, so that the heap a scrape needs does not grow with its size.</li>
 *   <li>{@code maxSeries}: the most series one push may carry after filtering, 0 for no limit. A scrape with more
 *       is refused whole, never truncated: a truncated group would silently lose series in the gateway.</li>
 *   <li>{@code keepNames}, {@code dropNames}: regular expressions that must match a whole metric FAMILY name
 *       (a histogram {@code x} with its {@code x_bucket}, {@code x_sum}, {@code x_count} is kept or dropped as
 *       one). A family is pushed when it matches keepNames (or keepNames is null) and does not match dropNames;
 *       drop wins. Filtered lines are still validated: a broken body is refused even where it would be dropped.</li>
 *   <li>{@code staticLabels}: labels written onto every pushed series, in name order after its own labels. A
 *       series that already has such a label gets the static value: the label is overwritten and counted in
 *       {@link ValidScrape#staticLabelsOverwritten()}. Overwriting mirrors the gateway, which overwrites the
 *       grouping labels (job, instance...) in the same way; giving the grouping labels here therefore also finds
 *       series that only become duplicates once the gateway has overwritten them, which it would refuse.</li>
 *   <li>the repairs, see {@link Repair}: {@code stripTimestamps}, {@code normalizeLineEndings},
 *       {@code addFinalNewline}, {@code dropUnsupportedLines} (which also cuts exemplars). With a repair off,
 *       what it would repair is refused instead.</li>
 * </ul>
 */
public final class ScrapeRules {

    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
    /** Bodies are held in one array, so they stay below 2 GiB. */
    public static final long MAX_BODY_BYTES_LIMIT = Integer.MAX_VALUE - 16;
    /** 1 MiB: a node_exporter body (60-200 KB) stays in the heap; ten such bodies at once cost 10 MiB at most. */
    public static final long DEFAULT_IN_MEMORY_BYTES = 1024L * 1024;

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final ScrapeRules DEFAULTS = builder().build();

    private final long maxBodyBytes;
    private final int maxSeries;
    private final long inMemoryBytes;
    private final java.nio.file.Path spillDirectory;
    private final Pattern keepNames;
    private final Pattern dropNames;
    private final Map<String, String> staticLabels;
    private final StaticLabels compiledStaticLabels;
    private final boolean stripTimestamps;
    private final boolean normalizeLineEndings;
    private final boolean addFinalNewline;
    private final boolean dropUnsupportedLines;

    private ScrapeRules(Builder builder) {
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxSeries = builder.maxSeries;
        this.inMemoryBytes = builder.inMemoryBytes;
        this.spillDirectory = builder.spillDirectory;
        this.keepNames = builder.keepNames;
        this.dropNames = builder.dropNames;
        this.staticLabels = Collections.unmodifiableMap(new TreeMap<>(builder.staticLabels));
        this.compiledStaticLabels = staticLabels.isEmpty() ? StaticLabels.NONE : new StaticLabels(staticLabels);
        this.stripTimestamps = builder.stripTimestamps;
        this.normalizeLineEndings = builder.normalizeLineEndings;
        this.addFinalNewline = builder.addFinalNewline;
        this.dropUnsupportedLines = builder.dropUnsupportedLines;
    }

    /** 16 MiB, no series limit, no filter, no static label, every repair on. */
    public static ScrapeRules defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder()
                .maxBodyBytes(maxBodyBytes)
                .maxSeries(maxSeries)
                .inMemoryBytes(inMemoryBytes)
                .spillDirectory(spillDirectory)
                .keepNames(keepNames)
                .dropNames(dropNames)
                .staticLabels(staticLabels);
        builder.stripTimestamps = stripTimestamps;
        builder.normalizeLineEndings = normalizeLineEndings;
        builder.addFinalNewline = addFinalNewline;
        builder.dropUnsupportedLines = dropUnsupportedLines;
        return builder;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public long inMemoryBytes() {
        return inMemoryBytes;
    }

    public java.nio.file.Path spillDirectory() {
        return spillDirectory;
    }

    /** 0: no limit. */
    public int maxSeries() {
        return maxSeries;
    }

    /** Null: every family is kept. */
    public Pattern keepNames() {
        return keepNames;
    }

    /** Null: no family is dropped. */
    public Pattern dropNames() {
        return dropNames;
    }

    /** Sorted by name. */
    public Map<String, String> staticLabels() {
        return staticLabels;
    }

    public boolean stripTimestamps() {
        return stripTimestamps;
    }

    public boolean normalizeLineEndings() {
        return normalizeLineEndings;
    }

    public boolean addFinalNewline() {
        return addFinalNewline;
    }

    public boolean dropUnsupportedLines() {
        return dropUnsupportedLines;
    }

    StaticLabels compiledStaticLabels() {
        return compiledStaticLabels;
    }

    boolean droppedByDropNames(String familyName) {
        return dropNames != null && dropNames.matcher(familyName).matches();
    }

    boolean droppedByKeepNames(String familyName) {
        return keepNames != null && !keepNames.matcher(familyName).matches();
    }

    boolean filtersNames() {
        return keepNames != null || dropNames != null;
    }

    @Override
    public String toString() {
        return "ScrapeRules[maxBodyBytes=" + maxBodyBytes + ", maxSeries=" + maxSeries + ", keepNames=" + keepNames
                + ", dropNames=" + dropNames + ", staticLabels=" + staticLabels + ", stripTimestamps=" + stripTimestamps
                + ", normalizeLineEndings=" + normalizeLineEndings + ", addFinalNewline=" + addFinalNewline
                + ", dropUnsupportedLines=" + dropUnsupportedLines + "]";
    }

    /** Checks each value when it is set, so that a bad option fails where it is configured. */
    public static final class Builder {

        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxSeries;
        private long inMemoryBytes = DEFAULT_IN_MEMORY_BYTES;
        private java.nio.file.Path spillDirectory = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        private Pattern keepNames;
        private Pattern dropNames;
        private Map<String, String> staticLabels = new LinkedHashMap<>();
        private boolean stripTimestamps = true;
        private boolean normalizeLineEndings = true;
        private boolean addFinalNewline = true;
        private boolean dropUnsupportedLines = true;

        private Builder() {
        }

        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1 || bytes > MAX_BODY_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + MAX_BODY_BYTES_LIMIT
                        + ", got " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** At least 64 bytes; a body larger than this is checked and pushed from a private temporary file. */
        public Builder inMemoryBytes(long bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException("inMemoryBytes must be 64 or more, got " + bytes);
            }
            this.inMemoryBytes = bytes;
            return this;
        }

        public Builder spillDirectory(java.nio.file.Path directory) {
            this.spillDirectory = Objects.requireNonNull(directory, "spillDirectory");
            return this;
        }

        /** 0: no limit. */
        public Builder maxSeries(int series) {
            if (series < 0) {
                throw new IllegalArgumentException("maxSeries must be 0 (no limit) or more, got " + series);
            }
            this.maxSeries = series;
            return this;
        }

        /** Null: keep every family. */
        public Builder keepNames(Pattern pattern) {
            this.keepNames = pattern;
            return this;
        }

        /** Null: drop no family. */
        public Builder dropNames(Pattern pattern) {
            this.dropNames = pattern;
            return this;
        }

        /**
         * Replaces the static labels. Names must be valid label names, neither reserved ({@code __...}) nor
         * {@code le} or {@code quantile}, which would change what a histogram or summary line means. Values must
         * not be empty: to Prometheus an empty label is no label.
         */
        public Builder staticLabels(Map<String, String> labels) {
            Objects.requireNonNull(labels, "staticLabels");
            Map<String, String> checked = new LinkedHashMap<>();
            labels.forEach((name, value) -> {
                checkStaticLabel(name, value);
                checked.put(name, value);
            });
            this.staticLabels = checked;
            return this;
        }

        public Builder stripTimestamps(boolean on) {
            this.stripTimestamps = on;
            return this;
        }

        public Builder normalizeLineEndings(boolean on) {
            this.normalizeLineEndings = on;
            return this;
        }

        public Builder addFinalNewline(boolean on) {
            this.addFinalNewline = on;
            return this;
        }

        public Builder dropUnsupportedLines(boolean on) {
            this.dropUnsupportedLines = on;
            return this;
        }

        /** Switches every repair on or off at once. */
        public Builder repairs(boolean on) {
            return stripTimestamps(on).normalizeLineEndings(on).addFinalNewline(on).dropUnsupportedLines(on);
        }

        public ScrapeRules build() {
            return new ScrapeRules(this);
        }

        private static void checkStaticLabel(String name, String value) {
            if (name == null || !LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("static label name " + quoteOrNull(name)
                        + " is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
            if (name.startsWith("__") || name.equals("le") || name.equals("quantile")) {
                throw new IllegalArgumentException("static label name \"" + name + "\" is reserved: __ names are"
                        + " Prometheus's own, le and quantile belong to histograms and summaries");
            }
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("static label \"" + name
                        + "\" needs a value: an empty label is no label to Prometheus");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (paired) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException("static label \"" + name
                            + "\" has a value that is not valid Unicode (a lone surrogate at index " + i + ")");
                }
            }
        }

        private static String quoteOrNull(String name) {
            return name == null ? "null" : "\"" + name + "\"";
        }
    }
}
