package io.pushforwarder.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The remote-write spec's rules for a label set: sorted names, each once, no empty name or value. */
class LabelsTest {

    @Test
    void namesAreSortedWhateverTheOrderGiven() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("mode", "idle");
        given.put("job", "node");
        given.put("__name__", "node_cpu_seconds_total");
        given.put("cpu", "0");
        given.put("instance", "web-1");

        Labels labels = Labels.of(given);

        assertEquals(List.of("__name__", "cpu", "instance", "job", "mode"), List.copyOf(labels.asMap().keySet()));
        assertEquals("node_cpu_seconds_total", labels.metricName());
        assertEquals("idle", labels.get("mode"));
        assertNull(labels.get("device"));
        assertEquals("node_cpu_seconds_total{cpu=\"0\",instance=\"web-1\",job=\"node\",mode=\"idle\"}",
                labels.toString());
    }

    @Test
    void sortingIsByteOrderSoUpperCaseComesFirst() {
        Labels labels = Labels.of("b", "1", "B", "2", "_a", "3", "a", "4");
        assertEquals(List.of("B", "_a", "a", "b"), List.copyOf(labels.asMap().keySet()));
    }

    @Test
    void anEmptyValueIsNoLabelAsInPrometheus() {
        Labels labels = Labels.of("__name__", "up", "job", "node", "zone", "");
        assertEquals(Map.of("__name__", "up", "job", "node"), labels.asMap());
        assertEquals(Labels.of("job", "node", "__name__", "up"), labels);
    }

    @Test
    void aNameGivenTwiceIsRefusedEvenWithOneValueEmpty() {
        InvalidSampleException twice = assertThrows(InvalidSampleException.class,
                () -> Labels.builder().add("job", "a").add("instance", "i").add("job", "b").build());
        assertTrue(twice.getMessage().contains("label name given twice: job"), twice.getMessage());
        assertThrows(InvalidSampleException.class, () -> Labels.of("job", "", "job", "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a.b", "a:b", "ä", " job"})
    void anInvalidLabelNameIsRefused(String name) {
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> Labels.of(name, "x"));
        assertTrue(e.getMessage().contains("invalid label name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1up", "node-load", "a b", "ümlaut"})
    void anInvalidMetricNameIsRefused(String metric) {
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> Labels.of("__name__", metric));
        assertTrue(e.getMessage().contains("invalid metric name"), e.getMessage());
    }

    @Test
    void colonsAreAllowedInMetricNamesButNotInLabelNames() {
        assertEquals("job:up:sum", Labels.of("__name__", "job:up:sum").metricName());
        assertThrows(InvalidSampleException.class, () -> Labels.of("job:x", "1"));
    }

    @Test
    void valuesMayHoldAnyUnicodeButNoLoneSurrogate() {
        Labels labels = Labels.of("path", "/var/lib \"x\"\n", "emoji", "\uD83D\uDE00", "dc", "eu/west");
        assertEquals("\uD83D\uDE00", labels.get("emoji"));
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> Labels.of("bad", "a\uD800b"));
        assertTrue(e.getMessage().contains("lone surrogate"), e.getMessage());
    }

    @Test
    void aSetWithNothingLeftIsRefused() {
        assertThrows(InvalidSampleException.class, () -> Labels.of(Map.of()));
        assertThrows(InvalidSampleException.class, () -> Labels.of("job", ""));
    }

    @Test
    void equalSetsAreEqualAndHashAlike() {
        Labels a = Labels.of("job", "node", "instance", "a");
        Labels b = Labels.of(Map.of("instance", "a", "job", "node"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Labels.of("job", "node", "instance", "b"));
    }

    @Test
    void aSampleNeedsAMetricName() {
        assertThrows(InvalidSampleException.class, () -> new Sample(Labels.of("job", "node"), 1, 0));
        Sample sample = Sample.of("node_load1", Map.of("job", "node"), 0.5, 1_700_000_000_000L);
        assertEquals("node_load1", sample.metricName());
        assertEquals(Labels.of("__name__", "node_load1", "job", "node"), sample.labels());
        assertThrows(InvalidSampleException.class,
                () -> Sample.of("node_load1", Map.of("__name__", "other"), 0.5, 0));
    }
}
