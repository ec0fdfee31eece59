package io.pushforwarder.remotewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The samples of one scrape of one target, ready for {@link RemoteWriteSink#offer(List)}: every series carries the
 * target's labels (job, instance, grouping labels) besides its own, and every sample the scrape's timestamp.
 *
 * <pre>{@code
 * TargetSamples scrape = new TargetSamples(Map.of("job", "node", "instance", "web-1"), scrapeTimeMs);
 * scrape.add("node_load1", Map.of(), 0.42);
 * scrape.add("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "idle"), 1234.5);
 * sink.offer(scrape.up(true).samples());
 * }</pre>
 *
 * <p>When a series has a label of the same name as a target label, the target's value wins and the series' value
 * is kept as {@code exported_<name>}, as Prometheus does for a scrape without {@code honor_labels}. Not thread-safe.
 */
public final class TargetSamples {

    /** The series that tells whether the target could be scraped: 1 or 0. */
    public static final String UP = "up";

    private final Map<String, String> targetLabels;
    private final long timestampMs;
    private final List<Sample> samples = new ArrayList<>();

    /**
     * @param targetLabels job, instance and the grouping labels; checked here, once
     * @param timestampMs  the scrape's time, in milliseconds since the epoch, given to every sample
     */
    public TargetSamples(Map<String, String> targetLabels, long timestampMs) {
        Labels.of(targetLabels); // fails here, on the target, rather than on its first series
        for (String name : targetLabels.keySet()) {
            if (name.equals(Labels.METRIC_NAME)) {
                throw new InvalidSampleException("a target label cannot be " + Labels.METRIC_NAME);
            }
        }
        this.targetLabels = Map.copyOf(targetLabels);
        this.timestampMs = timestampMs;
    }

    /** Adds one series of the scrape; its labels exclude {@code __name__}. */
    public TargetSamples add(String metricName, Map<String, String> seriesLabels, double value) {
        Labels.Builder labels = Labels.builder(targetLabels.size() + seriesLabels.size() + 1)
                .add(Labels.METRIC_NAME, metricName)
                .addAll(targetLabels);
        List<String> conflicting = null;
        for (Map.Entry<String, String> label : seriesLabels.entrySet()) {
            if (!targetLabels.containsKey(label.getKey())) {
                labels.add(label.getKey(), label.getValue());
            } else if (!label.getValue().isEmpty()) {
                if (conflicting == null) {
                    conflicting = new ArrayList<>(2);
                }
                conflicting.add(label.getKey());
            }
        }
        if (conflicting != null) {
            for (String name : conflicting) {
                String exported = "exported_" + name;
                while (labels.contains(exported)) {
                    exported = "exported_" + exported;
                }
                labels.add(exported, seriesLabels.get(name));
            }
        }
        samples.add(new Sample(labels.build(), value, timestampMs));
        return this;
    }

    /** Adds {@code up{<target labels>}}: 1 when the scrape worked, 0 when it failed. Add it on every tick. */
    public TargetSamples up(boolean up) {
        samples.add(upSample(targetLabels, up, timestampMs));
        return this;
    }

    /** The samples added so far, in order. */
    public List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** {@code up{<target labels>}} 1 or 0 on its own, for a tick that has nothing else to send. */
    public static Sample upSample(Map<String, String> targetLabels, boolean up, long timestampMs) {
        return Sample.of(UP, targetLabels, up ? 1 : 0, timestampMs);
    }
}
