package io.pushforwarder.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a real Pushgateway holds, read from its own /metrics, as Prometheus would read it. */
public record Pushgateway(String url) {

    private static final Pattern PUSH_TIME = Pattern.compile("^push_time_seconds\\{([^}]*)\\} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The time of the last successful push of each data group of the job, keyed by the group's instance label. */
    public Map<String, Double> pushTimesByInstance(String job) {
        return pushTimes(job, false);
    }

    /** The same for the forwarder's status groups, those with push_forwarder="status". */
    public Map<String, Double> statusPushTimesByInstance(String job) {
        return pushTimes(job, true);
    }

    private Map<String, Double> pushTimes(String job, boolean status) {
        Map<String, Double> times = new LinkedHashMap<>();
        Matcher line = PUSH_TIME.matcher(Loopback.get(url + "/metrics"));
        while (line.find()) {
            Map<String, String> labels = labels(line.group(1));
            if (job.equals(labels.get("job")) && status == "status".equals(labels.get("push_forwarder"))) {
                times.put(labels.getOrDefault("instance", ""), Double.parseDouble(line.group(2)));
            }
        }
        return times;
    }

    /** Lines of the gateway's exposition that belong to the given group (job and instance). */
    public long seriesOf(String metric, String job, String instance) {
        return Loopback.get(url + "/metrics").lines()
                .filter(l -> l.startsWith(metric + "{"))
                .filter(l -> l.contains("job=\"" + job + "\"") && l.contains("instance=\"" + instance + "\""))
                .count();
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }
}
