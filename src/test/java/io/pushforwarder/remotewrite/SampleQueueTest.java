package io.pushforwarder.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The queue between the routes and the sender: oldest first out, oldest first dropped, every drop counted. */
class SampleQueueTest {

    private final RemoteWriteCounters counters = new RemoteWriteCounters();
    private final FakeTime time = new FakeTime();
    private final List<String> logLines = new ArrayList<>();

    private SampleQueue queue(int maxSamples, long maxBytes) {
        RemoteWriteOptions options = RemoteWriteOptions.defaults("http://127.0.0.1:9/api/v1/write")
                .withBatchSeries(1).withQueue(maxSamples, maxBytes);
        return new SampleQueue(maxSamples, maxBytes, counters,
                new DropLog(Duration.ofSeconds(10), time, logLines::add, options));
    }

    private static List<Sample> samples(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Sample.of("s", Map.of("i", "x"), i, i)).toList();
    }

    private static List<Double> values(List<Sample> samples) {
        return samples.stream().map(Sample::value).toList();
    }

    @Test
    void samplesComeOutOldestFirstInBatchesOfAtMostMax() throws Exception {
        SampleQueue queue = queue(100, Long.MAX_VALUE);
        queue.offer(samples(0, 5));
        queue.offer(samples(5, 7));

        assertEquals(List.of(0.0, 1.0, 2.0), values(queue.take(3, Duration.ZERO)));
        assertEquals(List.of(3.0, 4.0, 5.0, 6.0), values(queue.take(10, Duration.ZERO)));
        assertEquals(List.of(), queue.take(10, Duration.ofMillis(20)));
        assertEquals(0, queue.size());
        assertEquals(0, queue.bytes());
    }

    @Test
    void whenFullByCountTheOldestAreDroppedAndCounted() throws Exception {
        SampleQueue queue = queue(10, Long.MAX_VALUE);
        queue.offer(samples(0, 8));
        queue.offer(samples(8, 13));

        assertEquals(10, queue.size());
        assertEquals(3, counters.snapshot(0, 0).samplesDropped(DropReason.QUEUE_FULL));
        assertEquals(List.of(3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0), values(queue.drain()));
    }

    @Test
    void anOfferLargerThanTheQueueKeepsItsNewestSamples() {
        SampleQueue queue = queue(4, Long.MAX_VALUE);
        queue.offer(samples(0, 2));
        queue.offer(samples(2, 9));

        assertEquals(List.of(5.0, 6.0, 7.0, 8.0), values(queue.drain()));
        assertEquals(5, counters.snapshot(0, 0).samplesDropped(DropReason.QUEUE_FULL));
    }

    @Test
    void whenFullByBytesTheOldestAreDroppedAndCounted() {
        int size = samples(0, 1).get(0).encodedSize();
        SampleQueue queue = queue(1000, size * 5L + size / 2);
        queue.offer(samples(0, 7));

        assertEquals(5, queue.size());
        assertEquals(size * 5L, queue.bytes());
        RemoteWriteStats stats = queue.stats();
        assertEquals(5, stats.queueSamples());
        assertEquals(size * 5L, stats.queueBytes());
        assertEquals(2, stats.samplesDropped(DropReason.QUEUE_FULL));
        assertEquals(List.of(2.0, 3.0, 4.0, 5.0, 6.0), values(queue.drain()));
    }

    @Test
    void dropsAreLoggedOnceAndThenSummedUpPerIntervalNotPerSample() {
        SampleQueue queue = queue(10, Long.MAX_VALUE);
        queue.offer(samples(0, 10));
        assertEquals(List.of(), logLines);

        for (int i = 0; i < 1000; i++) {
            queue.offer(samples(i, i + 1));
            time.advance(Duration.ofMillis(5)); // 1000 drops over 5 s
        }
        assertEquals(1, logLines.size(), logLines.toString());
        assertTrue(logLines.get(0).startsWith("remote-write queue full, dropping the oldest samples: dropped=1 "
                + "queue_samples=10 "), logLines.get(0));
        assertTrue(logLines.get(0).contains("max_samples=10 "), logLines.get(0));
        assertTrue(logLines.get(0).contains("further drops are summed up every 10.0s"), logLines.get(0));

        time.advance(Duration.ofSeconds(5));
        queue.offer(samples(0, 1));
        assertEquals(2, logLines.size());
        assertTrue(logLines.get(1).startsWith("remote-write queue dropped the oldest samples: dropped=1000 in the last "
                + "10.0s, 1001 in all; queue_samples=10 "), logLines.get(1));
        assertEquals(1001, counters.snapshot(0, 0).samplesDropped(DropReason.QUEUE_FULL));
    }

    @Test
    void dropsLeftUntoldAreToldByTheNextFlushAfterTheInterval() {
        RemoteWriteOptions options = RemoteWriteOptions.defaults("http://127.0.0.1:9/w").withBatchSeries(1)
                .withQueue(1, Long.MAX_VALUE);
        DropLog log = new DropLog(Duration.ofSeconds(10), time, logLines::add, options);
        log.dropped(1, 1, 10);
        log.dropped(7, 1, 10);
        log.flush();
        assertEquals(1, logLines.size());
        time.advance(Duration.ofSeconds(10));
        log.flush();
        assertEquals(2, logLines.size());
        assertTrue(logLines.get(1).contains("dropped=7 in the last 10.0s, 8 in all"), logLines.get(1));
        log.flush();
        assertEquals(2, logLines.size(), "nothing new, nothing logged");
    }

    @Test
    void aWaitingTakeReturnsOnOfferOrWakeUp() throws Exception {
        SampleQueue queue = queue(10, Long.MAX_VALUE);
        Thread producer = new Thread(() -> queue.offer(samples(0, 1)));
        producer.start();
        assertEquals(List.of(0.0), values(queue.take(5, Duration.ofSeconds(10))));
        producer.join();

        Thread waker = new Thread(queue::wakeUp);
        long started = System.nanoTime();
        waker.start();
        assertEquals(List.of(), queue.take(5, Duration.ofSeconds(10)));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
        waker.join();
    }
}
