package io.pushforwarder.remotewrite;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote-write sink: a bounded queue that the routes {@link #offer} samples to, and one background thread that
 * the sink owns, which sends them in batches with a {@link RemoteWriteSender}. An outage of the receiver is bridged
 * by the queue: the thread retries the oldest batch while newer samples wait, and when the queue is full the oldest
 * samples are dropped first, counted and logged.
 *
 * <p>Lifecycle, for a container such as Camel ({@code initMethod: start}, {@code destroyMethod: stop}):
 * <ul>
 *   <li>{@link #start()} starts the thread; samples offered before it wait in the queue;</li>
 *   <li>{@link #stop()} refuses new samples, lets the thread send what is queued for up to {@code drainTimeout},
 *       then interrupts it; whatever is still unsent is dropped and counted as {@link DropReason#SHUTDOWN}.
 *       A stopped sink cannot be started again.</li>
 * </ul>
 * {@link #offer} never blocks and may be called from any number of threads.
 */
public final class RemoteWriteSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.remote-write");
    static final Duration DROP_LOG_INTERVAL = Duration.ofSeconds(10);
    /** How often an idle sender thread wakes up to flush the drop log and notice a stop. */
    private static final Duration IDLE_WAKE_UP = Duration.ofSeconds(1);
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private final RemoteWriteOptions options;
    private final RemoteWriteCounters counters;
    private final DropLog dropLog;
    private final SampleQueue queue;
    private final RemoteWriteSender sender;
    private final Object lifecycle = new Object();
    private volatile State state = State.NEW;
    private Thread thread;
    private boolean toldRefused;
    private QueueSpool spool;
    /** The batch a stop cut short while it was being sent or retried; kept for the spool. */
    private volatile List<Sample> abortedBatch = List.of();

    /** A sink with its own JDK HTTP client and no authentication. */
    public RemoteWriteSink(RemoteWriteOptions options) {
        this(options, RemoteWriteSender.httpClientBuilder(options).build(), RequestDecorator.NONE);
    }

    /**
     * @param client    the HTTP client, e.g. with TLS set up (see {@link RemoteWriteSender#httpClientBuilder})
     * @param decorator adds authentication or tenant headers to every request
     */
    public RemoteWriteSink(RemoteWriteOptions options, HttpClient client, RequestDecorator decorator) {
        this(options, client, decorator, DROP_LOG_INTERVAL);
    }

    RemoteWriteSink(RemoteWriteOptions options, HttpClient client, RequestDecorator decorator,
            Duration dropLogInterval) {
        this.options = options;
        this.counters = new RemoteWriteCounters();
        this.dropLog = new DropLog(dropLogInterval, System::nanoTime, LOG::warn, options);
        this.queue = new SampleQueue(options.queueMaxSamples(), options.queueMaxBytes(), counters, dropLog);
        this.sender = new RemoteWriteSender(options, client, decorator, counters,
                duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos()), System::nanoTime);
    }

    /**
     * Keeps the queue on disk across a stop and the next start (see {@link QueueSpool}); call before {@link #start()}.
     * Without it a stop drops what the receiver has not taken.
     */
    public RemoteWriteSink spoolTo(QueueSpool spool) {
        this.spool = spool;
        sender.keepAbortedBatchesWith(batch -> abortedBatch = List.copyOf(batch));
        return this;
    }

    /** Starts the sender thread; does nothing when it runs already. */
    public void start() {
        synchronized (lifecycle) {
            if (state == State.RUNNING) {
                return;
            }
            if (state != State.NEW) {
                throw new IllegalStateException("a stopped remote-write sink cannot be started again; make a new one");
            }
            if (spool != null) {
                restore();
            }
            thread = new Thread(this::run, "remote-write-sender");
            thread.setDaemon(true); // never holds the JVM up; stop() is what flushes
            state = State.RUNNING;
            thread.start();
        }
        LOG.info("remote write sink started: url={} batch_series={} queue_max_samples={} queue_max_bytes={}",
                Redact.url(options.url()), options.batchSeries(), options.queueMaxSamples(), options.queueMaxBytes());
    }

    /**
     * Queues the samples to be sent; never blocks. When the queue is full the oldest samples go first. After
     * {@link #stop()} the samples are dropped and counted as {@link DropReason#SHUTDOWN}.
     */
    public void offer(List<Sample> samples) {
        synchronized (lifecycle) {
            if (state == State.STOPPING || state == State.STOPPED) {
                counters.dropped(DropReason.SHUTDOWN, samples.size());
                if (!toldRefused) {
                    toldRefused = true;
                    LOG.warn("remote write sink is stopped, samples dropped: samples={} url={}; this is logged once",
                            samples.size(), Redact.url(options.url()));
                }
                return;
            }
            queue.offer(samples);
        }
    }

    /** Sends what is queued for up to {@code drainTimeout}, then stops the thread; idempotent. */
    public void stop() {
        Thread running;
        synchronized (lifecycle) {
            if (state == State.STOPPING || state == State.STOPPED) {
                return;
            }
            running = state == State.RUNNING ? thread : null;
            state = State.STOPPING;
        }
        if (running != null) {
            queue.wakeUp();
            try {
                if (options.drainTimeout().toMillis() > 0) {
                    running.join(options.drainTimeout().toMillis());
                }
                if (running.isAlive()) {
                    sender.abort();
                    running.interrupt();
                    running.join(INTERRUPT_GRACE.toMillis());
                }
            } catch (InterruptedException e) {
                sender.abort();
                running.interrupt();
                Thread.currentThread().interrupt();
            }
        }
        List<Sample> left = queue.drain();
        if (spool != null) {
            List<Sample> kept = new java.util.ArrayList<>(abortedBatch);
            kept.addAll(left);
            left = save(kept);
        }
        if (!left.isEmpty()) {
            counters.dropped(DropReason.SHUTDOWN, left.size());
            LOG.warn("remote write sink stopped with samples unsent, dropped: samples={} url={}; the drain timeout "
                    + "({}) ran out", left.size(), Redact.url(options.url()), options.drainTimeout());
        }
        state = State.STOPPED;
        RemoteWriteStats stats = stats();
        LOG.info("remote write sink stopped: url={} samples_sent={} samples_dropped={}", Redact.url(options.url()),
                stats.samplesSent(), stats.samplesDroppedTotal());
    }

    /** Queues the samples saved by the previous stop, before any new one; a file that cannot be read is dropped. */
    private void restore() {
        try {
            List<Sample> saved = spool.load();
            if (!saved.isEmpty()) {
                queue.offer(saved);
                LOG.info("remote write queue restored from disk: samples={} file={}", saved.size(), spool.file());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("remote write queue on disk unreadable, dropped: file={} reason=\"{}\"", spool.file(),
                    e.getMessage());
        }
    }

    /** Writes the samples to disk; returns those that could not be kept, to be dropped and counted. */
    private List<Sample> save(List<Sample> samples) {
        if (samples.isEmpty()) {
            return samples;
        }
        try {
            int leftOut = spool.save(samples);
            LOG.info("remote write queue saved to disk, sent after the next start: samples={} file={}",
                    samples.size() - leftOut, spool.file());
            return samples.subList(0, leftOut);
        } catch (IOException | RuntimeException e) {
            LOG.warn("remote write queue cannot be saved to disk: file={} reason=\"{}\"", spool.file(),
                    e.getMessage());
            return samples;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** The counters and the queue's figures now. */
    public RemoteWriteStats stats() {
        return queue.stats();
    }

    private void run() {
        while (true) {
            List<Sample> batch;
            try {
                batch = queue.take(options.batchSeries(), IDLE_WAKE_UP);
            } catch (InterruptedException e) {
                return;
            }
            dropLog.flush();
            if (batch.isEmpty()) {
                if (state != State.RUNNING) {
                    return;
                }
                continue;
            }
            try {
                sender.sendBatch(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                counters.batchFailed(DropReason.REJECTED, batch.size());
                LOG.error("remote write failed unexpectedly, batch dropped: url={} samples={}; next batches go on",
                        Redact.url(options.url()), batch.size(), e);
            }
        }
    }
}
