package io.pushforwarder.remotewrite;

import java.time.Duration;

/**
 * What the remote-write 1.0 specification says to do after one attempt, in one place. Pure: it sends nothing and
 * reads no clock.
 *
 * <ul>
 *   <li>2xx: done;</li>
 *   <li>5xx, 429 and transport errors (refused, reset, timed out): retry after a capped exponential backoff
 *       ({@code initial × 2^(attempt-1)}, at most {@code max}); a {@code Retry-After} of the answer is honoured:
 *       the retry never comes sooner than it asks, even beyond {@code max};</li>
 *   <li>anything else (other 4xx, 1xx, 3xx): never retried, the batch is dropped;</li>
 *   <li>a retry that would start more than {@code maxTotal} after the batch's first attempt is not made: the batch is
 *       dropped.</li>
 * </ul>
 */
final class RetryPolicy {

    /** What to do next. */
    sealed interface Decision permits Success, Retry, Drop {
    }

    record Success() implements Decision {
    }

    record Retry(Duration delay) implements Decision {
    }

    record Drop(DropReason reason) implements Decision {
    }

    private final Duration initial;
    private final Duration max;
    private final Duration maxTotal;

    RetryPolicy(Duration initial, Duration max, Duration maxTotal) {
        this.initial = initial;
        this.max = max;
        this.maxTotal = maxTotal;
    }

    static RetryPolicy of(RemoteWriteOptions options) {
        return new RetryPolicy(options.backoffInitial(), options.backoffMax(), options.retryMaxTotal());
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    static boolean isRetryable(int status) {
        return status == 429 || status >= 500 && status < 600;
    }

    /**
     * @param status     the answer's status
     * @param retryAfter the wait its Retry-After header asks for, or null
     * @param attempt    which attempt of the batch this was, from 1
     * @param elapsed    time since the batch's first attempt started
     */
    Decision afterAnswer(int status, Duration retryAfter, int attempt, Duration elapsed) {
        if (isSuccess(status)) {
            return new Success();
        }
        if (!isRetryable(status)) {
            return new Drop(DropReason.REJECTED);
        }
        Duration delay = backoff(attempt);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        return retryWithin(delay, elapsed);
    }

    /** After a request that got no answer: refused, reset, timed out. */
    Decision afterTransportError(int attempt, Duration elapsed) {
        return retryWithin(backoff(attempt), elapsed);
    }

    /** The wait after failed attempt number {@code attempt}: initial, 2×initial, 4×initial, ..., at most max. */
    Duration backoff(int attempt) {
        int doublings = Math.min(attempt - 1, 62);
        long nanos = initial.toNanos();
        for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }

    private Decision retryWithin(Duration delay, Duration elapsed) {
        if (elapsed.plus(delay).compareTo(maxTotal) > 0) {
            return new Drop(DropReason.RETRIES_EXHAUSTED);
        }
        return new Retry(delay);
    }
}
