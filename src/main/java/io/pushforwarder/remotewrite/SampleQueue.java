package io.pushforwarder.remotewrite;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The samples waiting to be sent, oldest first, bounded by a count and by bytes ({@link Sample#encodedSize()}).
 * Offering never blocks: when a bound is passed the oldest samples are dropped until both hold again, counted as
 * {@link DropReason#QUEUE_FULL} and told to the {@link DropLog}. Thread-safe: many producers, one consumer.
 */
final class SampleQueue {

    private final int maxSamples;
    private final long maxBytes;
    private final RemoteWriteCounters counters;
    private final DropLog dropLog;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;
    private boolean woken;

    SampleQueue(int maxSamples, long maxBytes, RemoteWriteCounters counters, DropLog dropLog) {
        this.maxSamples = maxSamples;
        this.maxBytes = maxBytes;
        this.counters = counters;
        this.dropLog = dropLog;
    }

    void offer(List<Sample> offered) {
        if (offered.isEmpty()) {
            return;
        }
        long dropped = 0;
        int size;
        long held;
        lock.lock();
        try {
            for (Sample sample : offered) {
                samples.addLast(sample);
                bytes += sample.encodedSize();
            }
            while (samples.size() > maxSamples || bytes > maxBytes && !samples.isEmpty()) {
                bytes -= samples.removeFirst().encodedSize();
                dropped++;
            }
            size = samples.size();
            held = bytes;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            counters.dropped(DropReason.QUEUE_FULL, dropped);
            dropLog.dropped(dropped, size, held);
        }
    }

    /**
     * Takes up to {@code max} of the oldest samples, waiting up to {@code wait} for one to come; an empty list when
     * none came or {@link #wakeUp()} was called.
     */
    List<Sample> take(int max, Duration wait) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long nanos = wait.toNanos();
            while (samples.isEmpty() && !woken && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            woken = false;
            return removeFirst(Math.min(max, samples.size()));
        } finally {
            lock.unlock();
        }
    }

    /** Everything still queued, oldest first; the queue is empty afterwards. */
    List<Sample> drain() {
        lock.lock();
        try {
            return removeFirst(samples.size());
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting {@link #take} return now, e.g. to notice a stop. */
    void wakeUp() {
        lock.lock();
        try {
            woken = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The counters with the queue's figures, read together. */
    RemoteWriteStats stats() {
        lock.lock();
        try {
            return counters.snapshot(samples.size(), bytes);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return samples.size();
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    private List<Sample> removeFirst(int count) {
        List<Sample> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Sample sample = samples.removeFirst();
            bytes -= sample.encodedSize();
            taken.add(sample);
        }
        return taken;
    }
}
