package io.pushforwarder.remotewrite;

import java.util.Map;
import java.util.Objects;

/**
 * One value of one series at one time: what the route hands to the sink, and what a remote-write TimeSeries carries.
 *
 * @param labels      the complete label set, {@code __name__} included, sorted (see {@link Labels})
 * @param value       the value; NaN and infinities are allowed (stale markers are not made here)
 * @param timestampMs milliseconds since the epoch: the scrape's time
 */
public record Sample(Labels labels, double value, long timestampMs) {

    /**
     * A sample's protobuf framing beyond its labels: the TimeSeries and Sample headers, the double, a timestamp of
     * today's size. Fixed, so that a sample counts the same bytes entering and leaving the queue.
     */
    static final int FRAMING_BYTES = 21;

    public Sample {
        Objects.requireNonNull(labels, "labels");
        if (labels.metricName() == null) {
            throw new InvalidSampleException("a sample needs the " + Labels.METRIC_NAME + " label: " + labels);
        }
    }

    /** A sample of {@code metricName{labels}}; the labels must not hold {@code __name__} themselves. */
    public static Sample of(String metricName, Map<String, String> labels, double value, long timestampMs) {
        return new Sample(Labels.builder(labels.size() + 1).add(Labels.METRIC_NAME, metricName).addAll(labels).build(),
                value, timestampMs);
    }

    public String metricName() {
        return labels.metricName();
    }

    /** About what the sample takes in a WriteRequest before compression; the queue's byte bound counts this. */
    public int encodedSize() {
        return labels.encodedSize() + FRAMING_BYTES;
    }

    @Override
    public String toString() {
        return labels + " " + value + " @" + timestampMs;
    }
}
