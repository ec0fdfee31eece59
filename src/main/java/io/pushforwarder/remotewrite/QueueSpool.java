package io.pushforwarder.remotewrite;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.pushforwarder.remotewrite.prompb.Types;

/**
 * The queue on disk across a restart: at a stop the samples the receiver has not taken yet are written to
 * {@code <directory>/remote-write-queue.pb}, and the next start queues them again, oldest first, before any new one.
 *
 * <p>The file is a sequence of length-delimited {@code prometheus.TimeSeries} (prompb types.proto) messages of one sample each, in queue
 * order: the remote-write protobuf types themselves, so no format of our own. It is written to a temporary file and
 * moved into place, so a crash while saving leaves the previous file or none, never half of one. Saving keeps the
 * newest samples within {@code maxBytes} (the queue's own bound), dropping the oldest first.
 *
 * <p>Only a stop saves: a process killed with SIGKILL, or a host that loses power, loses the queue as the in-memory
 * queue does.
 */
public final class QueueSpool {

    static final String FILE_NAME = "remote-write-queue.pb";

    private final Path file;
    private final long maxBytes;

    public QueueSpool(Path directory, long maxBytes) {
        this.file = directory.resolve(FILE_NAME);
        this.maxBytes = maxBytes;
    }

    public Path file() {
        return file;
    }

    /**
     * Writes the samples, oldest first, keeping the newest within the byte bound; returns how many of the oldest did
     * not fit and were left out.
     */
    int save(List<Sample> samples) throws IOException {
        long bytes = 0;
        int from = samples.size();
        while (from > 0 && bytes + samples.get(from - 1).encodedSize() <= maxBytes) {
            bytes += samples.get(--from).encodedSize();
        }
        Path next = file.resolveSibling(FILE_NAME + ".next");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(next))) {
            for (Sample sample : samples.subList(from, samples.size())) {
                timeSeries(sample).writeDelimitedTo(out);
            }
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return from;
    }

    /** The saved samples, oldest first, and the file is gone; empty when there is none. */
    List<Sample> load() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Sample> samples = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Types.TimeSeries series;
            while ((series = Types.TimeSeries.parseDelimitedFrom(in)) != null) {
                Labels.Builder labels = Labels.builder(series.getLabelsCount());
                for (Types.Label label : series.getLabelsList()) {
                    labels.add(label.getName(), label.getValue());
                }
                Labels built = labels.build();
                for (Types.Sample sample : series.getSamplesList()) {
                    samples.add(new Sample(built, sample.getValue(), sample.getTimestamp()));
                }
            }
        } finally {
            // read once: a file that cannot be read would otherwise stop every start
            Files.deleteIfExists(file);
        }
        return samples;
    }

    private static Types.TimeSeries timeSeries(Sample sample) {
        Types.TimeSeries.Builder series = Types.TimeSeries.newBuilder();
        Labels labels = sample.labels();
        for (int i = 0; i < labels.size(); i++) {
            series.addLabels(Types.Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)));
        }
        return series.addSamples(Types.Sample.newBuilder().setValue(sample.value())
                .setTimestamp(sample.timestampMs())).build();
    }
}
