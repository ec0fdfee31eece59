package io.pushforwarder.remotewrite;

/** Why samples were lost; {@link #label()} is the value for a {@code reason} label. */
public enum DropReason {
    /** The queue was full (by samples or bytes), and the oldest samples made room for new ones. */
    QUEUE_FULL("queue_full"),
    /** The receiver answered a status that is never retried: a 4xx other than 429, or a 1xx/3xx. */
    REJECTED("rejected"),
    /** A retried batch failed for longer than {@code retryMaxTotal}. */
    RETRIES_EXHAUSTED("retries_exhausted"),
    /** The sink stopped before the samples could be sent: left in the queue after the drain timeout, or offered
     * after stop. */
    SHUTDOWN("shutdown");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
