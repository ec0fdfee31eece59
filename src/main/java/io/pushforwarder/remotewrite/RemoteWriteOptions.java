package io.pushforwarder.remotewrite;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the remote-write sink. {@link #defaults(String)} gives every one its default; change one with the
 * {@code with...} methods. The configuration keys ({@code forwarder.remote-write.*}) map onto these.
 *
 * @param url            the receiver's write endpoint, e.g. {@code http://127.0.0.1:9090/api/v1/write}; http or https
 * @param batchSeries    at most this many samples per request, default 2000. One scrape gives one sample per series,
 *                       so this bounds the series of a request; samples of one series from several scrapes share a
 *                       TimeSeries, so a request never holds more TimeSeries than this
 * @param queueMaxSamples the queue holds at most this many samples, default 100,000 (about 50 minutes of one
 *                       node_exporter scraped every 15 s); beyond it the oldest are dropped
 * @param queueMaxBytes  the queue holds at most this many bytes, default 32 MiB, counted as the samples' protobuf
 *                       size before compression; beyond it the oldest are dropped
 * @param backoffInitial the wait before the first retry of a failed request, default 500 ms; it doubles with
 *                       each retry of the same batch
 * @param backoffMax     the longest wait between two retries, default 10 s; a longer Retry-After is still honoured
 * @param retryMaxTotal  how long one batch is retried before it is dropped, default 5 min; the queue keeps
 *                       filling meanwhile, so an outage longer than this loses data oldest first
 * @param connectTimeout TCP (and TLS) connect timeout, default 2 s
 * @param requestTimeout how long one request may take until the answer's headers arrive, default 10 s
 * @param drainTimeout   at {@link RemoteWriteSink#stop()}, how long the queue may still be sent, default 5 s;
 *                       what is left then is dropped and counted
 */
public record RemoteWriteOptions(
        URI url,
        int batchSeries,
        int queueMaxSamples,
        long queueMaxBytes,
        Duration backoffInitial,
        Duration backoffMax,
        Duration retryMaxTotal,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration drainTimeout) {

    public static final int DEFAULT_BATCH_SERIES = 2000;
    public static final int DEFAULT_QUEUE_MAX_SAMPLES = 100_000;
    public static final long DEFAULT_QUEUE_MAX_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_MAX_TOTAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    public RemoteWriteOptions {
        Objects.requireNonNull(url, "url");
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("remote-write url must be http:// or https:// with a host, got "
                    + Redact.url(url));
        }
        positive("batchSeries", batchSeries);
        positive("queueMaxSamples", queueMaxSamples);
        positive("queueMaxBytes", queueMaxBytes);
        if (queueMaxSamples < batchSeries) {
            throw new IllegalArgumentException("queueMaxSamples (" + queueMaxSamples + ") must be at least batchSeries ("
                    + batchSeries + ")");
        }
        positive("backoffInitial", backoffInitial);
        positive("backoffMax", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax (" + backoffMax + ") must not be below backoffInitial ("
                    + backoffInitial + ")");
        }
        positive("retryMaxTotal", retryMaxTotal);
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
        }
    }

    /** Every setting at its default, writing to {@code url}. */
    public static RemoteWriteOptions defaults(String url) {
        return defaults(URI.create(url));
    }

    public static RemoteWriteOptions defaults(URI url) {
        return new RemoteWriteOptions(url, DEFAULT_BATCH_SERIES, DEFAULT_QUEUE_MAX_SAMPLES, DEFAULT_QUEUE_MAX_BYTES,
                DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, DEFAULT_RETRY_MAX_TOTAL, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
    }

    public RemoteWriteOptions withBatchSeries(int value) {
        return new RemoteWriteOptions(url, value, queueMaxSamples, queueMaxBytes, backoffInitial, backoffMax,
                retryMaxTotal, connectTimeout, requestTimeout, drainTimeout);
    }

    public RemoteWriteOptions withQueue(int maxSamples, long maxBytes) {
        return new RemoteWriteOptions(url, batchSeries, maxSamples, maxBytes, backoffInitial, backoffMax,
                retryMaxTotal, connectTimeout, requestTimeout, drainTimeout);
    }

    public RemoteWriteOptions withBackoff(Duration initial, Duration max, Duration maxTotal) {
        return new RemoteWriteOptions(url, batchSeries, queueMaxSamples, queueMaxBytes, initial, max, maxTotal,
                connectTimeout, requestTimeout, drainTimeout);
    }

    public RemoteWriteOptions withTimeouts(Duration connect, Duration request) {
        return new RemoteWriteOptions(url, batchSeries, queueMaxSamples, queueMaxBytes, backoffInitial, backoffMax,
                retryMaxTotal, connect, request, drainTimeout);
    }

    public RemoteWriteOptions withDrainTimeout(Duration value) {
        return new RemoteWriteOptions(url, batchSeries, queueMaxSamples, queueMaxBytes, backoffInitial, backoffMax,
                retryMaxTotal, connectTimeout, requestTimeout, value);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
