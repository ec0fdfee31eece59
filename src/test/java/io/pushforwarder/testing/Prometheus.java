package io.pushforwarder.testing;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/** Queries against a real Prometheus' HTTP API. */
public record Prometheus(String url) {

    /** One series of a query result: its labels and its value. */
    public record Sample(Map<String, String> labels, double value) {
    }

    /** One stored sample: its timestamp in milliseconds and its value. */
    public record Point(long timestampMs, double value) {
    }

    /** One series with its stored samples, as a range-vector query returns them. */
    public record Series(Map<String, String> labels, List<Point> points) {
    }

    /**
     * The raw samples of the series matching {@code selector} over {@code range} up to {@code atMs}, with their exact
     * timestamps: the range-vector query {@code selector[range]} evaluated at {@code atMs}. Empty when none match.
     */
    @SuppressWarnings("unchecked")
    public List<Series> rawSamples(String selector, Duration range, long atMs) {
        String promql = selector + "[" + range.toSeconds() + "s]";
        String time = BigDecimal.valueOf(atMs).movePointLeft(3).toPlainString();
        String body = Loopback.getOrNull(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + time);
        if (body == null) {
            return List.of();
        }
        JsonObject answer = (JsonObject) Jsoner.deserialize(body, new JsonObject());
        JsonArray result = (JsonArray) ((JsonObject) answer.get("data")).get("result");
        return result.stream().map(JsonObject.class::cast)
                .map(series -> new Series(
                        (Map<String, String>) (Map<?, ?>) series.get("metric"),
                        ((JsonArray) series.get("values")).stream().map(JsonArray.class::cast)
                                .map(pair -> new Point(
                                        new BigDecimal(pair.get(0).toString()).movePointRight(3).longValueExact(),
                                        Double.parseDouble(pair.get(1).toString())))
                                .toList()))
                .toList();
    }

    /** The samples of an instant query; empty when nothing matches (yet). */
    @SuppressWarnings("unchecked")
    public List<Sample> query(String promql) {
        String body = Loopback.getOrNull(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (body == null) {
            return List.of();
        }
        JsonObject answer = (JsonObject) Jsoner.deserialize(body, new JsonObject());
        JsonArray result = (JsonArray) ((JsonObject) answer.get("data")).get("result");
        return result.stream().map(JsonObject.class::cast)
                .map(series -> new Sample(
                        (Map<String, String>) (Map<?, ?>) series.get("metric"),
                        Double.parseDouble(((JsonArray) series.get("value")).get(1).toString())))
                .toList();
    }
}
