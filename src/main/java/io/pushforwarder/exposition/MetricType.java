package io.pushforwarder.exposition;

/** The five types a {@code # TYPE} line of the text format 0.0.4 may name. */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram"),
    SUMMARY("summary"),
    UNTYPED("untyped");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    /** The word as written on a TYPE line. */
    public String text() {
        return text;
    }

    /**
     * The type spelled exactly by bytes [start, end), or null. Lower case only: the gateway also takes
     * {@code Counter}, but the format and Prometheus's own parser do not.
     */
    static MetricType ofToken(byte[] bytes, int start, int end) {
        for (MetricType type : values()) {
            if (Bytes.equalsAscii(bytes, start, end, type.text)) {
                return type;
            }
        }
        return null;
    }
}
