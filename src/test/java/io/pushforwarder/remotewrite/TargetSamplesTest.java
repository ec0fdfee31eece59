package io.pushforwarder.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every series of a scrape gets the target's labels and the scrape's time; `up` is there on every tick. */
class TargetSamplesTest {

    private static final long T = 1_700_000_000_123L;
    private static final Map<String, String> TARGET = Map.of("job", "node", "instance", "web-1", "dc", "eu/west");

    @Test
    void eachSeriesGetsTheTargetLabelsAndTheScrapeTime() {
        List<Sample> samples = new TargetSamples(TARGET, T)
                .add("node_load1", Map.of(), 0.42)
                .add("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "idle"), 1234.5)
                .up(true)
                .samples();

        assertEquals(List.of(
                new Sample(Labels.of("__name__", "node_load1", "job", "node", "instance", "web-1", "dc", "eu/west"),
                        0.42, T),
                new Sample(Labels.of("__name__", "node_cpu_seconds_total", "job", "node", "instance", "web-1",
                        "dc", "eu/west", "cpu", "0", "mode", "idle"), 1234.5, T),
                new Sample(Labels.of("__name__", "up", "job", "node", "instance", "web-1", "dc", "eu/west"), 1, T)),
                samples);
    }

    @Test
    void aFailedScrapeStillSendsUpZero() {
        List<Sample> samples = new TargetSamples(TARGET, T).up(false).samples();
        assertEquals(List.of(TargetSamples.upSample(TARGET, false, T)), samples);
        assertEquals(0.0, samples.get(0).value());
        assertEquals("up", samples.get(0).metricName());
    }

    @Test
    void aSeriesLabelNamedLikeATargetLabelIsKeptAsExported() {
        Sample sample = new TargetSamples(TARGET, T)
                .add("app_info", Map.of("instance", "10.0.0.5:8080", "job", "", "version", "1.2"), 1)
                .samples().get(0);

        // the target's value wins; the series' value survives as exported_instance, as Prometheus does without
        // honor_labels; an empty series value is no label, so nothing is exported for job
        assertEquals(Map.of("__name__", "app_info", "dc", "eu/west", "exported_instance", "10.0.0.5:8080",
                "instance", "web-1", "job", "node", "version", "1.2"), sample.labels().asMap());
    }

    @Test
    void anExportedNameThatIsTakenGetsAnotherPrefix() {
        Sample sample = new TargetSamples(Map.of("job", "node"), T)
                .add("x", Map.of("job", "a", "exported_job", "b"), 1)
                .samples().get(0);
        assertEquals(Map.of("__name__", "x", "job", "node", "exported_job", "b", "exported_exported_job", "a"),
                sample.labels().asMap());
    }

    @Test
    void badTargetLabelsFailAtOnce() {
        assertThrows(InvalidSampleException.class, () -> new TargetSamples(Map.of("bad-name", "x"), T));
        assertThrows(InvalidSampleException.class, () -> new TargetSamples(Map.of("__name__", "x"), T));
    }

    @Test
    void aBadSeriesFailsWithTheReason() {
        TargetSamples scrape = new TargetSamples(TARGET, T);
        InvalidSampleException e = assertThrows(InvalidSampleException.class,
                () -> scrape.add("node-load", Map.of(), 1));
        assertEquals("invalid metric name \"node-load\": must match [a-zA-Z_:][a-zA-Z0-9_:]*", e.getMessage());
        assertEquals(List.of(), scrape.samples());
    }
}
