package io.pushforwarder.remotewrite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pushforwarder.remotewrite.prompb.Remote.WriteRequest;
import io.pushforwarder.remotewrite.prompb.Types;

/**
 * Samples to the body of a remote-write request: a protobuf {@code WriteRequest}, snappy-compressed.
 *
 * <p>Samples with the same label set share one TimeSeries, their samples in time order, so a batch that spans
 * several scrapes sends each label set once. Two samples of a series with the same timestamp would make Prometheus
 * reject the whole request ("duplicate sample for timestamp"); the later one written is kept. Label sets keep the
 * order in which they first appear. Not thread-safe: it reuses a compressor.
 */
public final class WriteRequestEncoder {

    private static final Comparator<Sample> BY_TIME = Comparator.comparingLong(Sample::timestampMs);

    private final SnappyBlock snappy = new SnappyBlock();

    /** The samples by label set, in order of first appearance: a Sample, or a List of them for a second one. */
    private static Map<Labels, Object> bySeries(List<Sample> samples) {
        Map<Labels, Object> series = new LinkedHashMap<>(samples.size() * 4 / 3 + 1);
        for (Sample sample : samples) {
            // one sample per series is the usual case: keep it unboxed, and make a list only for a second one
            Object previous = series.putIfAbsent(sample.labels(), sample);
            if (previous instanceof Sample first) {
                List<Sample> list = new ArrayList<>(4);
                list.add(first);
                list.add(sample);
                series.put(sample.labels(), list);
            } else if (previous != null) {
                @SuppressWarnings("unchecked")
                List<Sample> list = (List<Sample>) previous;
                list.add(sample);
            }
        }
        return series;
    }

    /** A series' samples in time order, of equal timestamps the later written only. */
    private static List<Sample> inTimeOrder(Object samplesOfSeries) {
        if (samplesOfSeries instanceof Sample single) {
            return List.of(single);
        }
        @SuppressWarnings("unchecked")
        List<Sample> list = (List<Sample>) samplesOfSeries;
        list.sort(BY_TIME); // stable: of equal timestamps the later written stays last
        List<Sample> kept = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (i + 1 < list.size() && list.get(i + 1).timestampMs() == list.get(i).timestampMs()) {
                continue;
            }
            kept.add(list.get(i));
        }
        return kept;
    }

    /**
     * The serialized WriteRequest, written field by field: the same bytes as {@code writeRequest(samples)
     * .toByteArray()} (WriteRequestEncoderTest holds them equal), without a message object per label and sample,
     * whose building and size computation took about half of the sender's CPU (JFR, bin/bench vm workload).
     * Proto3 leaves out fields at their default: an empty string, a value whose bits are all zero, a zero timestamp.
     */
    static byte[] protobuf(List<Sample> samples) {
        return protobuf(bySeries(samples), samples.size());
    }

    private static byte[] protobuf(Map<Labels, Object> series, int sampleCount) {
        ProtobufOutput out = new ProtobufOutput(sampleCount * 96);
        byte[][] strings = new byte[32][];
        for (Map.Entry<Labels, Object> entry : series.entrySet()) {
            Labels labels = entry.getKey();
            if (strings.length < 2 * labels.size()) {
                strings = new byte[2 * labels.size()][];
            }
            int timeSeriesSize = 0;
            for (int i = 0; i < labels.size(); i++) {
                strings[2 * i] = labels.name(i).getBytes(StandardCharsets.UTF_8);
                strings[2 * i + 1] = labels.value(i).getBytes(StandardCharsets.UTF_8);
                timeSeriesSize += ProtobufOutput.embeddedSize(labelSize(strings[2 * i], strings[2 * i + 1]));
            }
            List<Sample> ordered = inTimeOrder(entry.getValue());
            for (Sample sample : ordered) {
                timeSeriesSize += ProtobufOutput.embeddedSize(sampleSize(sample));
            }
            out.tag(1, ProtobufOutput.LENGTH_DELIMITED).varint(timeSeriesSize);
            for (int i = 0; i < labels.size(); i++) {
                out.tag(1, ProtobufOutput.LENGTH_DELIMITED).varint(labelSize(strings[2 * i], strings[2 * i + 1]));
                out.string(1, strings[2 * i]).string(2, strings[2 * i + 1]);
            }
            for (Sample sample : ordered) {
                out.tag(2, ProtobufOutput.LENGTH_DELIMITED).varint(sampleSize(sample));
                if (Double.doubleToRawLongBits(sample.value()) != 0) {
                    out.tag(1, ProtobufOutput.FIXED64).fixed64(Double.doubleToRawLongBits(sample.value()));
                }
                if (sample.timestampMs() != 0) {
                    out.tag(2, ProtobufOutput.VARINT).varint(sample.timestampMs());
                }
            }
        }
        return out.toByteArray();
    }

    private static int labelSize(byte[] name, byte[] value) {
        return ProtobufOutput.stringSize(name) + ProtobufOutput.stringSize(value);
    }

    private static int sampleSize(Sample sample) {
        return (Double.doubleToRawLongBits(sample.value()) != 0 ? 9 : 0)
                + (sample.timestampMs() != 0 ? 1 + ProtobufOutput.varintSize(sample.timestampMs()) : 0);
    }

    /** The WriteRequest message for the samples: the reference that {@link #protobuf} writes byte for byte. */
    public static WriteRequest writeRequest(List<Sample> samples) {
        Map<Labels, Object> series = bySeries(samples);
        WriteRequest.Builder request = WriteRequest.newBuilder();
        // plain message builders: the add...Builder() variants keep a nested builder per element, which cost
        // about 40% more CPU and allocation per scrape (bin/bench-remote-write)
        for (Map.Entry<Labels, Object> entry : series.entrySet()) {
            Types.TimeSeries.Builder timeSeries = Types.TimeSeries.newBuilder();
            Labels labels = entry.getKey();
            for (int i = 0; i < labels.size(); i++) {
                timeSeries.addLabels(Types.Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)));
            }
            for (Sample sample : inTimeOrder(entry.getValue())) {
                timeSeries.addSamples(sample(sample));
            }
            request.addTimeseries(timeSeries);
        }
        return request.build();
    }

    private static Types.Sample sample(Sample sample) {
        return Types.Sample.newBuilder().setValue(sample.value()).setTimestamp(sample.timestampMs()).build();
    }

    /** The compressed request body; an empty list is refused, as remote write never sends an empty request. */
    public EncodedRequest encode(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples: remote write never sends an empty request");
        }
        Map<Labels, Object> series = bySeries(samples);
        byte[] protobuf = protobuf(series, samples.size());
        return new EncodedRequest(snappy.compress(protobuf), samples.size(), series.size(), protobuf.length);
    }
}
