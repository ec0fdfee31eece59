package io.pushforwarder.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/** Instant queries against a real Prometheus' HTTP API. */
public record Prometheus(String url) {

    /** One series of a query result: its labels and its value. */
    public record Sample(Map<String, String> labels, double value) {
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
