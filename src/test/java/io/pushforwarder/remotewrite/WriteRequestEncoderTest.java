package io.pushforwarder.remotewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.airlift.compress.snappy.SnappyDecompressor;
import io.pushforwarder.remotewrite.prompb.Remote.WriteRequest;
import io.pushforwarder.remotewrite.prompb.Types;
import org.junit.jupiter.api.Test;

/** The request body is what a receiver decodes: snappy block → protobuf WriteRequest, with sorted labels. */
class WriteRequestEncoderTest {

    private static final long T = 1_700_000_000_123L;

    /** Decodes a body the way a receiver does, with aircompressor and the generated classes directly. */
    static WriteRequest decode(byte[] body) throws Exception {
        byte[] protobuf = new byte[SnappyDecompressor.getUncompressedLength(body, 0)];
        int length = new SnappyDecompressor().decompress(body, 0, body.length, protobuf, 0, protobuf.length);
        assertEquals(protobuf.length, length);
        return WriteRequest.parseFrom(protobuf);
    }

    static Map<String, String> labels(Types.TimeSeries series) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        series.getLabelsList().forEach(label -> labels.put(label.getName(), label.getValue()));
        return labels;
    }

    @Test
    void aBodyRoundTripsThroughSnappyAndProtobuf() throws Exception {
        List<Sample> samples = new TargetSamples(Map.of("job", "node", "instance", "web-1", "dc", "eu/west"), T)
                .add("node_cpu_seconds_total", Map.of("mode", "idle", "cpu", "0"), 1234.5)
                .add("node_load1", Map.of(), Double.NaN)
                .up(true)
                .samples();

        EncodedRequest request = new WriteRequestEncoder().encode(samples);
        WriteRequest decoded = decode(request.body());

        assertEquals(3, request.samples());
        assertEquals(3, request.series());
        assertEquals(decoded.getSerializedSize(), request.protobufBytes());
        assertEquals(3, decoded.getTimeseriesCount());
        Types.TimeSeries cpu = decoded.getTimeseries(0);
        assertEquals(List.of("__name__", "cpu", "dc", "instance", "job", "mode"), List.copyOf(labels(cpu).keySet()));
        assertEquals(Map.of("__name__", "node_cpu_seconds_total", "cpu", "0", "dc", "eu/west", "instance", "web-1",
                "job", "node", "mode", "idle"), labels(cpu));
        assertEquals(1, cpu.getSamplesCount());
        assertEquals(1234.5, cpu.getSamples(0).getValue());
        assertEquals(T, cpu.getSamples(0).getTimestamp());
        assertTrue(Double.isNaN(decoded.getTimeseries(1).getSamples(0).getValue()));
        assertEquals("up", labels(decoded.getTimeseries(2)).get("__name__"));
        assertEquals(1.0, decoded.getTimeseries(2).getSamples(0).getValue());
        assertEquals(0, decoded.getMetadataCount());
    }

    @Test
    void theBodyIsTheSnappyBlockFormatNotTheFramedOne() throws Exception {
        List<Sample> samples = List.of(Sample.of("x", Map.of(), 1, T));
        EncodedRequest request = new WriteRequestEncoder().encode(samples);
        // a block starts with the uncompressed length as a varint; a framed stream starts with the 0xff chunk
        assertEquals(request.protobufBytes(), request.body()[0]);
        assertArrayEquals(WriteRequestEncoder.writeRequest(samples).toByteArray(), SnappyBlock.decompress(request.body()));
    }

    @Test
    void samplesOfOneSeriesFromSeveralScrapesShareATimeSeriesInTimeOrder() throws Exception {
        Map<String, String> target = Map.of("job", "node");
        List<Sample> samples = new ArrayList<>();
        samples.addAll(new TargetSamples(target, T).add("a", Map.of(), 1).add("b", Map.of(), 10).samples());
        samples.addAll(new TargetSamples(target, T + 15_000).add("a", Map.of(), 2).add("b", Map.of(), 20).samples());
        samples.addAll(new TargetSamples(target, T + 5_000).add("a", Map.of(), 1.5).samples());

        EncodedRequest request = new WriteRequestEncoder().encode(samples);
        WriteRequest decoded = decode(request.body());

        assertEquals(5, request.samples());
        assertEquals(2, request.series());
        assertEquals("a", labels(decoded.getTimeseries(0)).get("__name__"));
        assertEquals(List.of(T, T + 5_000, T + 15_000), decoded.getTimeseries(0).getSamplesList().stream()
                .map(Types.Sample::getTimestamp).toList());
        assertEquals(List.of(1.0, 1.5, 2.0), decoded.getTimeseries(0).getSamplesList().stream()
                .map(Types.Sample::getValue).toList());
        assertEquals(List.of(10.0, 20.0), decoded.getTimeseries(1).getSamplesList().stream()
                .map(Types.Sample::getValue).toList());
    }

    @Test
    void ofTwoSamplesWithOneTimestampTheLaterWrittenIsKept() throws Exception {
        List<Sample> samples = List.of(Sample.of("a", Map.of(), 1, T), Sample.of("a", Map.of(), 2, T),
                Sample.of("a", Map.of(), 3, T - 1));
        Types.TimeSeries series = decode(new WriteRequestEncoder().encode(samples).body()).getTimeseries(0);
        assertEquals(List.of(3.0, 2.0), series.getSamplesList().stream().map(Types.Sample::getValue).toList());
    }

    @Test
    void anEmptyRequestIsNeverMade() {
        assertThrows(IllegalArgumentException.class, () -> new WriteRequestEncoder().encode(List.of()));
    }

    @Test
    void theQueueByteCountIsCloseToTheEncodedSize() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            samples.add(Sample.of("node_network_receive_bytes_total", Map.of("job", "node", "instance", "web-1",
                    "device", "eth" + i), 1e9 + i, T));
        }
        long estimated = samples.stream().mapToLong(Sample::encodedSize).sum();
        int actual = WriteRequestEncoder.writeRequest(samples).getSerializedSize();
        assertTrue(Math.abs(estimated - actual) <= actual / 20, "estimated " + estimated + ", encoded " + actual);
    }

    /** The direct writer against the generated classes, byte for byte, over the cases where proto3 omits fields. */
    @Test
    void theDirectWriterWritesTheBytesOfTheGeneratedMessage() {
        Map<String, List<Sample>> cases = new java.util.LinkedHashMap<>();
        cases.put("one sample", List.of(Sample.of("x", Map.of(), 1, T)));
        cases.put("value 0 and timestamp 0 are left out", List.of(Sample.of("x", Map.of("a", "b"), 0, 0)));
        cases.put("-0.0 is not the default", List.of(Sample.of("x", Map.of(), -0.0, T)));
        cases.put("NaN, infinities", List.of(Sample.of("x", Map.of(), Double.NaN, T),
                Sample.of("y", Map.of(), Double.POSITIVE_INFINITY, T), Sample.of("z", Map.of(), Double.NEGATIVE_INFINITY, T)));
        cases.put("negative timestamp: a ten-byte varint", List.of(Sample.of("x", Map.of(), 2, -1)));
        cases.put("UTF-8 label values", List.of(Sample.of("x", Map.of("path", "/srv/données/日本"), 3, T)));
        cases.put("long values: two-byte lengths", List.of(Sample.of("x", Map.of("v", "v".repeat(300)), 4, T)));
        cases.put("one series over several scrapes, a duplicate timestamp", List.of(Sample.of("x", Map.of(), 1, T + 2),
                Sample.of("y", Map.of(), 5, T), Sample.of("x", Map.of(), 2, T), Sample.of("x", Map.of(), 3, T + 2)));
        List<Sample> scrape = new ArrayList<>();
        for (NodeExporterLikeScrape.Series series : NodeExporterLikeScrape.series()) {
            scrape.add(Sample.of(series.name(), series.labels(), series.value(), T));
        }
        cases.put("a node_exporter-like scrape", scrape);

        cases.forEach((name, samples) -> assertArrayEquals(WriteRequestEncoder.writeRequest(samples).toByteArray(),
                WriteRequestEncoder.protobuf(samples), name));
    }
}
