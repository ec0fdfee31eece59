package io.pushforwarder.remotewrite;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log of samples the full queue dropped, one line per interval at most: the first drop is told at once, later
 * ones are summed up into a line when the interval has passed, never one line per sample. Thread-safe.
 */
final class DropLog {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Consumer<String> out;
    private final String limits;

    private long pending;
    private long total;
    private int queueSamples;
    private long queueBytes;
    private long lastLineNanos;
    private boolean told;

    DropLog(Duration interval, LongSupplier nanoTime, Consumer<String> out, RemoteWriteOptions options) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.out = out;
        this.limits = "max_samples=" + options.queueMaxSamples() + " max_bytes=" + options.queueMaxBytes() + " url="
                + Redact.url(options.url());
    }

    synchronized void dropped(long samples, int queueSamples, long queueBytes) {
        pending += samples;
        total += samples;
        this.queueSamples = queueSamples;
        this.queueBytes = queueBytes;
        flush();
    }

    /** Writes the pending summary if the interval has passed; called on each drop and by the sender thread. */
    synchronized void flush() {
        if (pending == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!told) {
            out.accept("remote-write queue full, dropping the oldest samples: dropped=" + pending + " queue_samples="
                    + queueSamples + " queue_bytes=" + queueBytes + " " + limits + "; the receiver is down or slower "
                    + "than the scrapes; further drops are summed up every " + RemoteWriteSender.seconds(
                    Duration.ofNanos(intervalNanos)));
        } else if (now - lastLineNanos >= intervalNanos) {
            out.accept("remote-write queue dropped the oldest samples: dropped=" + pending + " in the last "
                    + RemoteWriteSender.seconds(Duration.ofNanos(now - lastLineNanos)) + ", " + total + " in all; "
                    + "queue_samples=" + queueSamples + " queue_bytes=" + queueBytes + " " + limits);
        } else {
            return;
        }
        told = true;
        lastLineNanos = now;
        pending = 0;
    }
}
