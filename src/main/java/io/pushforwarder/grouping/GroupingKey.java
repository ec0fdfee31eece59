package io.pushforwarder.grouping;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The label set that names one Pushgateway group, and its URL path.
 *
 * <p>The gateway splits the path on {@code /} before it decodes anything, so a value that holds {@code /}, is empty, or
 * holds anything a URL path would escape is sent as {@code <label>@base64/<url-safe base64>}. Percent-encoding is not
 * an option: {@code %2F} is decoded before the split and answers 400.
 *
 * <p>Built with setters so that a route template can declare it as a local bean; every setter checks its own input, so
 * a bad target stops start-up instead of failing on every tick.
 */
public final class GroupingKey {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Characters that survive a URL path and the gateway's split unchanged. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9._~:-]+");
    private static final Pattern DOTS_ONLY = Pattern.compile("\\.+");
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private String job;
    private String instance = "";
    private Map<String, String> extraLabels = Map.of();

    public GroupingKey() {
    }

    /** Convenience for code that has all parts at hand. */
    public static GroupingKey of(String job, String instance, String groupingLabels) {
        GroupingKey key = new GroupingKey();
        key.setJob(job);
        key.setInstance(instance);
        key.setGroupingLabels(groupingLabels);
        return key;
    }

    public void setJob(String job) {
        if (job == null || job.isBlank()) {
            throw new InvalidGroupingKeyException("job is empty; the Pushgateway requires a job name (e.g. job=node)");
        }
        this.job = job;
    }

    public void setInstance(String instance) {
        this.instance = instance == null ? "" : instance;
    }

    /**
     * Extra grouping labels as {@code name=value,name2=value2}; blank means none. Names must be Prometheus label names
     * and must not repeat {@code job} or {@code instance}, which have their own parameters.
     */
    public void setGroupingLabels(String groupingLabels) {
        this.extraLabels = parseLabels(groupingLabels);
    }

    public String getJob() {
        return job;
    }

    public String getInstance() {
        return instance;
    }

    /** job first, then instance, then the extra labels in the order given. */
    public Map<String, String> labels() {
        requireJob();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("job", job);
        all.put("instance", instance);
        all.putAll(extraLabels);
        return Collections.unmodifiableMap(all);
    }

    /** The path below {@code /metrics/}, e.g. {@code job/node/instance/host-1}. */
    public String path() {
        StringJoiner path = new StringJoiner("/");
        labels().forEach((name, value) -> {
            // "." and ".." would be resolved as path steps: the gateway redirects them to another group
            if (PLAIN_VALUE.matcher(value).matches() && !DOTS_ONLY.matcher(value).matches()) {
                path.add(name).add(value);
            } else if (value.isEmpty()) {
                path.add(name + "@base64").add("=");
            } else {
                path.add(name + "@base64").add(URL_SAFE.encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return path.toString();
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(",", "{", "}");
        labels().forEach((name, value) -> text.add(name + "=\"" + value + "\""));
        return text.toString();
    }

    private void requireJob() {
        if (job == null) {
            throw new InvalidGroupingKeyException("job is not set");
        }
    }

    static Map<String, String> parseLabels(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new InvalidGroupingKeyException(
                        "grouping label '" + pair.trim() + "' has no '='; write name=value,name2=value2");
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            checkLabelName(name);
            if (labels.put(name, value) != null) {
                throw new InvalidGroupingKeyException("grouping label '" + name + "' is given twice");
            }
        }
        return labels;
    }

    private static void checkLabelName(String name) {
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new InvalidGroupingKeyException("grouping label name '" + name
                    + "' is invalid; a label name matches [a-zA-Z_][a-zA-Z0-9_]*");
        }
        if (name.startsWith("__")) {
            throw new InvalidGroupingKeyException("grouping label name '" + name
                    + "' is reserved; names starting with __ are for Prometheus itself");
        }
        if (name.equals("job") || name.equals("instance")) {
            throw new InvalidGroupingKeyException("grouping label '" + name
                    + "' repeats a parameter of its own; set it with the " + name + " parameter instead");
        }
    }
}
