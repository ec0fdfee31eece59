package io.pushforwarder.remotewrite;

import java.util.Map;

/**
 * A read-only snapshot of the sink's counters since it was made, for the status group. Counters only grow; the
 * queue figures are gauges.
 *
 * @param samplesSent     samples the receiver accepted (2xx)
 * @param batchesSent     requests the receiver accepted
 * @param retries         requests sent again after a 5xx, a 429 or a transport error
 * @param samplesDropped  samples lost, by reason: {@code QUEUE_FULL} counts the oldest samples the full queue let go,
 *                        the other reasons the samples of failed batches
 * @param batchesFailed   batches dropped, by reason ({@code QUEUE_FULL} is always 0 here)
 * @param queueSamples    samples waiting in the queue now
 * @param queueBytes      their protobuf size before compression
 * @param inFlightSamples samples of the batch being sent or retried now (not part of the queue figures)
 */
public record RemoteWriteStats(
        long samplesSent,
        long batchesSent,
        long retries,
        Map<DropReason, Long> samplesDropped,
        Map<DropReason, Long> batchesFailed,
        int queueSamples,
        long queueBytes,
        int inFlightSamples) {

    public RemoteWriteStats {
        samplesDropped = Map.copyOf(samplesDropped);
        batchesFailed = Map.copyOf(batchesFailed);
    }

    public long samplesDropped(DropReason reason) {
        return samplesDropped.getOrDefault(reason, 0L);
    }

    public long batchesFailed(DropReason reason) {
        return batchesFailed.getOrDefault(reason, 0L);
    }

    /** Every sample lost, whatever the reason. */
    public long samplesDroppedTotal() {
        return samplesDropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
