package io.pushforwarder.exposition;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.pushforwarder.exposition.ScrapeFixtures.nodeExporterBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real node_exporter 1.5.0 scrape of this machine: valid as it is, so it goes out untouched. */
class NodeExporterSampleTest {

    private static final int SERIES = 505;
    private static final int FAMILIES = 283;

    @Test
    void theRealScrapeValidatesWithoutAnyRepairAndIsPushedByteForByte() throws Exception {
        byte[] body = nodeExporterBody();
        ValidScrape scrape = new ScrapeValidator().validate(new ByteArrayInputStream(body), ScrapeRules.defaults());

        assertEquals(0, scrape.totalRepairs(), scrape.toString());
        assertEquals(SERIES, scrape.seriesCount());
        assertEquals(FAMILIES, scrape.familyCount());
        assertEquals(body.length, scrape.inputBytes());
        assertArrayEquals(body, scrape.body());
    }

    @Test
    void theCountsAreThoseOfTheFileItself() {
        List<String> lines = new String(nodeExporterBody(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(SERIES, lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count());
        assertEquals(FAMILIES, lines.stream().filter(l -> l.startsWith("# TYPE ")).count());
    }

    @Test
    void itsSamplesCanBeWalked() throws Exception {
        Map<String, MetricType> types = new HashMap<>();
        Map<String, String> helps = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        ExpositionParser.parse(new ByteArrayInputStream(nodeExporterBody()), new SampleVisitor() {
            @Override
            public void family(String name, MetricType type, String help) {
                types.put(name, type);
                helps.put(name, help);
            }

            @Override
            public void sample(String name, List<Label> labels, double value, Long timestampMs) {
                names.add(name);
                if (name.equals("node_cpu_seconds_total")) {
                    assertTrue(labels.stream().anyMatch(l -> l.name().equals("mode")));
                    cpuSeconds.add(value);
                }
            }
        });
        assertEquals(SERIES, names.size());
        assertEquals(FAMILIES, types.size());
        assertEquals(MetricType.COUNTER, types.get("node_cpu_seconds_total"));
        assertEquals(MetricType.SUMMARY, types.get("go_gc_duration_seconds"));
        assertEquals("Seconds the CPUs spent in each mode.", helps.get("node_cpu_seconds_total"));
        assertTrue(cpuSeconds.size() >= 8 && cpuSeconds.stream().allMatch(v -> v >= 0));
    }
}
