package io.pushforwarder.remotewrite;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.pushforwarder.status.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends samples to a remote-write receiver, synchronously, following the remote-write 1.0 specification: batches
 * of at most {@code batchSeries} samples, each a snappy-compressed protobuf WriteRequest POSTed with the spec's
 * headers, retried on 5xx, 429 and transport errors as {@link RetryPolicy} says, dropped (logged and counted) on any
 * other answer. An empty list sends nothing.
 *
 * <p>{@link RemoteWriteSink} runs one on its background thread. Used alone (e.g. a one-shot mode), it blocks the
 * caller while it retries. Not thread-safe: one thread sends.
 */
public final class RemoteWriteSender {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.remote-write");

    /** How the sender waits between retries; tests replace it to run without waiting. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RemoteWriteOptions options;
    private final RemoteWriteHttp http;
    private final RetryPolicy policy;
    private final RemoteWriteCounters counters;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final WriteRequestEncoder encoder = new WriteRequestEncoder();
    private final String where;
    /** Set by {@link #abort()}: no further attempt or wait; interrupting alone may be swallowed by HTTP I/O. */
    private volatile boolean aborted;
    /** Set while failing, to log once when it works again. */
    private long failingSinceNanos = -1;
    private int failedAttempts;

    /** A sender with its own JDK HTTP client ({@link #httpClientBuilder}) and no authentication. */
    public RemoteWriteSender(RemoteWriteOptions options) {
        this(options, httpClientBuilder(options).build(), RequestDecorator.NONE);
    }

    /**
     * @param client    the HTTP client, e.g. one with an SSLContext for TLS; its connect timeout is its own
     * @param decorator adds authentication or tenant headers to every request
     */
    public RemoteWriteSender(RemoteWriteOptions options, HttpClient client, RequestDecorator decorator) {
        this(options, client, decorator, new RemoteWriteCounters(),
                duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos()), System::nanoTime);
    }

    RemoteWriteSender(RemoteWriteOptions options, HttpClient client, RequestDecorator decorator,
            RemoteWriteCounters counters, Sleeper sleeper, LongSupplier nanoTime) {
        this.options = options;
        this.http = new RemoteWriteHttp(options.url(), client, decorator, options.requestTimeout());
        this.policy = RetryPolicy.of(options);
        this.counters = counters;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.where = Redact.url(options.url());
    }

    /**
     * The JDK HTTP client builder the sender uses by default: HTTP/1.1, no redirects, the options' connect timeout.
     * Add TLS ({@code sslContext}, {@code sslParameters}) or a proxy to it and pass the client to the constructor.
     */
    public static HttpClient.Builder httpClientBuilder(RemoteWriteOptions options) {
        return RemoteWriteHttp.clientBuilder(options);
    }

    /**
     * Sends the samples in batches of at most {@code batchSeries}, in order, each retried as the spec says.
     *
     * @return true when the receiver accepted every batch; false when one was dropped (logged and counted)
     * @throws InterruptedException when interrupted; the batch in flight is counted as dropped for SHUTDOWN
     */
    public boolean send(List<Sample> samples) throws InterruptedException {
        boolean all = true;
        for (int from = 0; from < samples.size(); from += options.batchSeries()) {
            all &= sendBatch(samples.subList(from, Math.min(samples.size(), from + options.batchSeries())));
        }
        return all;
    }

    /** The counters of this sender (the queue figures are zero: a sender has no queue). */
    public RemoteWriteStats stats() {
        return counters.snapshot(0, 0);
    }

    /** Where a batch cut short by a stop goes instead of being dropped: the sink's spool, when it has one. */
    private volatile java.util.function.Consumer<List<Sample>> keepAborted;

    void keepAbortedBatchesWith(java.util.function.Consumer<List<Sample>> keeper) {
        this.keepAborted = keeper;
    }

    /** One batch, at most {@code batchSeries} samples, with its retries. */
    boolean sendBatch(List<Sample> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return true;
        }
        EncodedRequest request = encoder.encode(batch);
        counters.inFlightSamples = batch.size();
        long start = nanoTime.getAsLong();
        try {
            for (int attempt = 1; ; attempt++) {
                checkAborted();
                if (attempt > 1) {
                    counters.retries.increment();
                }
                RetryPolicy.Decision decision;
                String why;
                try {
                    RemoteWriteHttp.Answer answer = http.post(request.body());
                    why = "status " + answer.status() + (answer.body().isEmpty() ? "" : ": " + answer.body());
                    decision = policy.afterAnswer(answer.status(), RetryAfter.waitOf(answer.retryAfter(), Instant.now()),
                            attempt, elapsed(start));
                } catch (IOException e) {
                    why = describe(e);
                    decision = policy.afterTransportError(attempt, elapsed(start));
                }
                if (decision instanceof RetryPolicy.Success) {
                    counters.sent(batch.size());
                    if (failingSinceNanos >= 0) {
                        LOG.info("remote write works again: url={} after {} failed attempts over {}", where,
                                failedAttempts, seconds(Duration.ofNanos(nanoTime.getAsLong() - failingSinceNanos)));
                        failingSinceNanos = -1;
                        failedAttempts = 0;
                    } else {
                        LOG.debug("remote write sent: url={} samples={} series={} bytes={}", where, request.samples(),
                                request.series(), request.body().length);
                    }
                    return true;
                }
                counters.failedRequests.increment();
                DropReason reason = decision instanceof RetryPolicy.Drop drop ? drop.reason() : null;
                if (reason != DropReason.REJECTED) { // the receiver is unwell, not the batch: told when it is well again
                    if (failingSinceNanos < 0) {
                        failingSinceNanos = start;
                    }
                    failedAttempts++;
                }
                if (decision instanceof RetryPolicy.Retry retry) {
                    LOG.warn("remote write failed, retrying in {}: url={} samples={} bytes={} attempt={} reason=\"{}\"",
                            seconds(retry.delay()), where, request.samples(), request.body().length, attempt, why);
                    checkAborted();
                    sleeper.sleep(retry.delay());
                    continue;
                }
                counters.batchFailed(reason, batch.size());
                if (reason == DropReason.REJECTED) {
                    boolean credentials = why.startsWith("status 401") || why.startsWith("status 403");
                    LOG.error("remote write rejected, batch dropped and never retried (the receiver refuses it as "
                            + "it is): url={} samples={} bytes={} reason=\"{}\"; next batches go on{}",
                            where, request.samples(), request.body().length, why, credentials
                                    ? "; the receiver refused the credentials, fix: check forwarder.remote-write."
                                            + "username and password-file (or bearer-token-file)"
                                    : "");
                } else {
                    LOG.error("remote write still failing after {}, batch dropped: url={} samples={} bytes={} "
                            + "attempts={} reason=\"{}\"; the queue keeps the newer samples and the next batch is "
                            + "tried", seconds(elapsed(start)), where, request.samples(), request.body().length,
                            attempt, why);
                }
                return false;
            }
        } catch (InterruptedException e) {
            if (keepAborted != null) {
                keepAborted.accept(batch);
            } else {
                counters.batchFailed(DropReason.SHUTDOWN, batch.size());
                LOG.warn("remote write interrupted while stopping, batch dropped: url={} samples={}", where,
                        batch.size());
            }
            throw e;
        } finally {
            counters.inFlightSamples = 0;
        }
    }

    /**
     * Makes the batch in flight, and any later one, stop at its next attempt or wait with an InterruptedException.
     * For a stop that must not wait for retries; pair it with interrupting the sending thread to cut a wait short.
     */
    void abort() {
        aborted = true;
    }

    private void checkAborted() throws InterruptedException {
        if (aborted || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("remote write aborted");
        }
    }

    private Duration elapsed(long startNanos) {
        return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
    }

    /** The exception and the first message along its causes: the JDK client's ConnectException has none itself. */
    static String describe(IOException e) {
        String message = null;
        for (Throwable t = e; t != null && message == null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null && e instanceof java.net.ConnectException) {
            message = "could not connect (refused or unreachable)";
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A duration for a log line: {@code 250ms}, {@code 1.5s}. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
