package io.pushforwarder.remotewrite;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The sink's mutable counters, shared by the queue and the sender; read through {@link RemoteWriteStats}. */
final class RemoteWriteCounters {

    final LongAdder samplesSent = new LongAdder();
    final LongAdder batchesSent = new LongAdder();
    final LongAdder retries = new LongAdder();
    /** Every request that did not succeed: the ones retried and the last of each dropped batch. */
    final LongAdder failedRequests = new LongAdder();
    private final Map<DropReason, LongAdder> samplesDropped = new EnumMap<>(DropReason.class);
    private final Map<DropReason, LongAdder> batchesFailed = new EnumMap<>(DropReason.class);
    volatile int inFlightSamples;

    RemoteWriteCounters() {
        for (DropReason reason : DropReason.values()) {
            samplesDropped.put(reason, new LongAdder());
            batchesFailed.put(reason, new LongAdder());
        }
    }

    void sent(int samples) {
        samplesSent.add(samples);
        batchesSent.increment();
    }

    void dropped(DropReason reason, long samples) {
        samplesDropped.get(reason).add(samples);
    }

    void batchFailed(DropReason reason, int samples) {
        batchesFailed.get(reason).increment();
        samplesDropped.get(reason).add(samples);
    }

    RemoteWriteStats snapshot(int queueSamples, long queueBytes) {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        Map<DropReason, Long> failed = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, samplesDropped.get(reason).sum());
            failed.put(reason, batchesFailed.get(reason).sum());
        }
        return new RemoteWriteStats(samplesSent.sum(), batchesSent.sum(), retries.sum(), dropped, failed,
                queueSamples, queueBytes, inFlightSamples, failedRequests.sum());
    }
}
