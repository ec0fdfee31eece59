package io.pushforwarder.remotewrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
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
     * The serialized WriteRequest, written field by field with protobuf's own {@link CodedOutputStream}: the same
     * bytes as {@code writeRequest(samples).toByteArray()} (WriteRequestEncoderTest holds them equal), without a
     * message object per label and sample, whose building and size computation took about half of the sender's CPU
     * (JFR, bin/bench vm workload). A TimeSeries' labels are as long as {@link Labels#encodedSize()} says: no label
     * name or value is empty, so none is left out as proto3 leaves out fields at their default. A sample's value
     * and timestamp are, when zero.
     */
    static byte[] protobuf(List<Sample> samples) {
        return protobuf(bySeries(samples));
    }

    private static byte[] protobuf(Map<Labels, Object> series) {
        // a message goes behind its length: the sizes first
        List<List<Sample>> samplesBySeries = new ArrayList<>(series.size());
        int[] seriesSizes = new int[series.size()];
        int total = 0;
        int index = 0;
        for (Map.Entry<Labels, Object> entry : series.entrySet()) {
            List<Sample> ordered = inTimeOrder(entry.getValue());
            samplesBySeries.add(ordered);
            int size = entry.getKey().encodedSize();
            for (Sample sample : ordered) {
                size += embeddedSize(sampleSize(sample));
            }
            seriesSizes[index++] = size;
            total += embeddedSize(size);
        }
        byte[] protobuf = new byte[total];
        CodedOutputStream out = CodedOutputStream.newInstance(protobuf);
        try {
            index = 0;
            for (Labels labels : series.keySet()) {
                writeEmbeddedHeader(out, 1, seriesSizes[index]);
                for (int i = 0; i < labels.size(); i++) {
                    // encoded once, as bytes: writeString would measure its UTF-8 length again, at twice the CPU
                    byte[] name = labels.name(i).getBytes(StandardCharsets.UTF_8);
                    byte[] value = labels.value(i).getBytes(StandardCharsets.UTF_8);
                    writeEmbeddedHeader(out, 1, CodedOutputStream.computeByteArraySize(1, name)
                            + CodedOutputStream.computeByteArraySize(2, value));
                    out.writeByteArray(1, name);
                    out.writeByteArray(2, value);
                }
                for (Sample sample : samplesBySeries.get(index)) {
                    writeEmbeddedHeader(out, 2, sampleSize(sample));
                    if (Double.doubleToRawLongBits(sample.value()) != 0) {
                        out.writeDouble(1, sample.value());
                    }
                    if (sample.timestampMs() != 0) {
                        out.writeInt64(2, sample.timestampMs());
                    }
                }
                index++;
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            // an array of the computed size either fits exactly or the sizes above are wrong
            throw new IllegalStateException("remote-write request size miscomputed", e);
        }
        return protobuf;
    }

    private static int sampleSize(Sample sample) {
        return (Double.doubleToRawLongBits(sample.value()) != 0 ? CodedOutputStream.computeDoubleSize(1, 0) : 0)
                + (sample.timestampMs() != 0 ? CodedOutputStream.computeInt64Size(2, sample.timestampMs()) : 0);
    }

    private static int embeddedSize(int messageSize) {
        return CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(messageSize) + messageSize;
    }

    private static void writeEmbeddedHeader(CodedOutputStream out, int field, int messageSize) throws IOException {
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(messageSize);
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
        byte[] protobuf = protobuf(series);
        return new EncodedRequest(snappy.compress(protobuf), samples.size(), series.size(), protobuf.length);
    }
}
