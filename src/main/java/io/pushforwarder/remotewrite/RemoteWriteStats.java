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
 * @param failedRequests  requests that did not succeed, whether retried or not
 */
public record RemoteWriteStats(
        long samplesSent,
        long batchesSent,
        long retries,
        Map<DropReason, Long> samplesDropped,
        Map<DropReason, Long> batchesFailed,
        int queueSamples,
        long queueBytes,
        int inFlightSamples,
        long failedRequests) {

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

    /**
     * The figures as text exposition lines for the status group, HELP and TYPE included. They are the process'
     * figures: every target that writes to remote-write carries the same values, so aggregate them with max, not sum.
     */
    public String exposition() {
        StringBuilder text = new StringBuilder(1024);
        metric(text, "push_forwarder_remote_write_queue_samples", "gauge",
                "Samples waiting in the remote_write queue, the batch in flight included.", queueSamples + inFlightSamples);
        metric(text, "push_forwarder_remote_write_queue_bytes", "gauge",
                "Protobuf size of the samples waiting in the remote_write queue, before compression.", queueBytes);
        metric(text, "push_forwarder_remote_write_samples_sent_total", "counter",
                "Samples the remote_write receiver accepted.", samplesSent);
        text.append("# HELP push_forwarder_remote_write_samples_dropped_total Samples lost on the way to the ")
                .append("remote_write receiver, by reason.\n")
                .append("# TYPE push_forwarder_remote_write_samples_dropped_total counter\n");
        for (DropReason reason : DropReason.values()) {
            text.append("push_forwarder_remote_write_samples_dropped_total{reason=\"").append(reason.label())
                    .append("\"} ").append(samplesDropped(reason)).append('\n');
        }
        metric(text, "push_forwarder_remote_write_failed_requests_total", "counter",
                "remote_write requests that did not succeed: 5xx, 429, other refusals and transport errors.",
                failedRequests);
        return text.toString();
    }

    private static void metric(StringBuilder text, String name, String type, String help, long value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
    }

    /** Every sample lost, whatever the reason. */
    public long samplesDroppedTotal() {
        return samplesDropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
