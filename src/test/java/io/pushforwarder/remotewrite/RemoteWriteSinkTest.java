package io.pushforwarder.remotewrite;

import static io.pushforwarder.remotewrite.WriteRequestEncoderTest.decode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue and its sender thread together, against an in-process receiver, in real time with short backoffs. */
class RemoteWriteSinkTest {

    private static final Map<String, String> TARGET = Map.of("job", "node", "instance", "web-1");

    private FakeHttpServer receiver;
    private RemoteWriteSink sink;
    private LogCapture log;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new FakeHttpServer();
        log = LogCapture.remoteWrite();
    }

    @AfterEach
    void stopAll() {
        if (sink != null) {
            sink.stop();
        }
        log.close();
        receiver.close();
    }

    private RemoteWriteOptions options() {
        return RemoteWriteOptions.defaults(receiver.url("/api/v1/write"))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(30))
                .withDrainTimeout(Duration.ofSeconds(2));
    }

    private RemoteWriteSink start(RemoteWriteOptions options) {
        sink = new RemoteWriteSink(options);
        sink.start();
        return sink;
    }

    private static List<Sample> scrape(long timestampMs, int series) {
        TargetSamples scrape = new TargetSamples(TARGET, timestampMs);
        for (int i = 0; i < series; i++) {
            scrape.add("m", Map.of("n", Integer.toString(i)), timestampMs);
        }
        return scrape.samples();
    }

    /** The timestamps of every sample the receiver accepted (2xx), in the order they arrived. */
    private List<Long> acceptedTimestamps() throws Exception {
        List<Long> timestamps = new ArrayList<>();
        for (Request request : receiver.requests()) {
            for (var series : decode(request.bytes()).getTimeseriesList()) {
                series.getSamplesList().forEach(sample -> timestamps.add(sample.getTimestamp()));
            }
        }
        return timestamps;
    }

    @Test
    void offeredSamplesAreSentInTheBackground() throws Exception {
        start(options());
        sink.offer(scrape(1000, 3));
        sink.offer(scrape(2000, 3));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().samplesSent() == 6);
        assertEquals(List.of(1000L, 1000L, 1000L, 2000L, 2000L, 2000L), acceptedTimestamps().stream().sorted().toList());
        RemoteWriteStats stats = sink.stats();
        assertEquals(0, stats.queueSamples());
        assertEquals(0, stats.queueBytes());
        assertEquals(0, stats.samplesDroppedTotal());
        assertTrue(sink.isRunning());
    }

    @Test
    void samplesOfferedBeforeStartWaitForIt() {
        sink = new RemoteWriteSink(options());
        sink.offer(scrape(1000, 2));
        assertEquals(2, sink.stats().queueSamples());
        assertEquals(0, receiver.requests().size());

        sink.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().samplesSent() == 2);
    }

    @Test
    void anOutageOfTheReceiverIsBridgedByTheQueue() throws Exception {
        receiver.answer.with(503, "starting up", Map.of());
        start(options());
        for (long t = 1; t <= 10; t++) {
            sink.offer(scrape(t * 1000, 50));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().retries() >= 3);
        assertEquals(0, sink.stats().samplesSent());

        receiver.answer.with(200, "", Map.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().samplesSent() == 500);
        RemoteWriteStats stats = sink.stats();
        assertEquals(0, stats.samplesDroppedTotal());
        assertEquals(0, stats.queueSamples());
        // the accepted requests are the last ones; each holds whole scrapes, oldest first
        List<Request> requests = receiver.requests();
        List<Long> accepted = new ArrayList<>();
        long previousNewest = 0;
        for (Request request : requests.subList(requests.size() - (int) stats.batchesSent(), requests.size())) {
            List<Long> timestamps = new ArrayList<>();
            decode(request.bytes()).getTimeseriesList()
                    .forEach(series -> series.getSamplesList().forEach(s -> timestamps.add(s.getTimestamp())));
            assertTrue(timestamps.stream().min(Long::compare).orElseThrow() > previousNewest, "sent oldest first");
            previousNewest = timestamps.stream().max(Long::compare).orElseThrow();
            accepted.addAll(timestamps);
        }
        List<Long> expected = new ArrayList<>();
        for (long t = 1; t <= 10; t++) {
            for (int i = 0; i < 50; i++) {
                expected.add(t * 1000);
            }
        }
        assertEquals(expected, accepted.stream().sorted().toList());
        assertTrue(log.lines("INFO").stream().anyMatch(line -> line.contains("remote write works again")),
                log.lines().toString());
    }

    @Test
    void aFullQueueDuringAnOutageLosesTheOldestAndSendsTheNewest() throws Exception {
        receiver.answer.with(503, "", Map.of());
        start(options().withBatchSeries(10).withQueue(30, Long.MAX_VALUE));
        sink.offer(scrape(1000, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().inFlightSamples() == 10);
        for (long t = 2; t <= 6; t++) {
            sink.offer(scrape(t * 1000, 10)); // 50 samples into a queue of 30: scrapes 2 and 3 go
        }
        RemoteWriteStats during = sink.stats();
        assertEquals(30, during.queueSamples());
        assertEquals(20, during.samplesDropped(DropReason.QUEUE_FULL));

        receiver.answer.with(204, "", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().samplesSent() == 40);

        assertEquals(List.of(1000L, 4000L, 5000L, 6000L), acceptedTimestamps().stream().distinct().sorted().toList());
        assertEquals(1, log.lines("WARN").stream().filter(l -> l.contains("queue full")).count(), log.lines().toString());
    }

    @Test
    void stopSendsWhatIsQueued() throws Exception {
        receiver.answer.delayMillis = 50;
        start(options().withBatchSeries(10));
        sink.offer(scrape(1000, 45));

        sink.stop();

        assertFalse(sink.isRunning());
        assertEquals(45, sink.stats().samplesSent());
        assertEquals(5, sink.stats().batchesSent());
        assertEquals(0, sink.stats().samplesDroppedTotal());
    }

    @Test
    void stopWithTheReceiverDownDropsTheRestAfterTheDrainTimeoutAndCountsIt() {
        receiver.answer.with(503, "", Map.of());
        start(options().withBatchSeries(10).withDrainTimeout(Duration.ofMillis(300)));
        sink.offer(scrape(1000, 25));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().retries() >= 1);

        long started = System.nanoTime();
        sink.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "stop took " + took);
        RemoteWriteStats stats = sink.stats();
        assertEquals(25, stats.samplesDropped(DropReason.SHUTDOWN));
        assertEquals(1, stats.batchesFailed(DropReason.SHUTDOWN), "the batch in flight");
        assertEquals(0, stats.queueSamples());
        assertTrue(log.lines("WARN").stream().anyMatch(l -> l.contains("stopped with samples unsent, dropped: "
                + "samples=15")), log.lines().toString());

        sink.offer(scrape(2000, 4));
        sink.offer(scrape(3000, 4));
        assertEquals(33, sink.stats().samplesDropped(DropReason.SHUTDOWN));
        assertEquals(1, log.lines("WARN").stream().filter(l -> l.contains("sink is stopped")).count());
        assertThrows(IllegalStateException.class, sink::start);
    }

    @Test
    void aRejectedBatchIsDroppedAndTheNextOnesStillGo() throws Exception {
        receiver.answerNext(400, "out of bounds", Map.of());
        start(options().withBatchSeries(5));
        sink.offer(scrape(1000, 5));
        sink.offer(scrape(2000, 5));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().samplesSent() == 5);
        RemoteWriteStats stats = sink.stats();
        assertEquals(1, stats.batchesFailed(DropReason.REJECTED));
        assertEquals(5, stats.samplesDropped(DropReason.REJECTED));
        assertEquals(0, stats.retries());
        assertEquals(2, receiver.requests().size());
        assertEquals(List.of(), log.lines("INFO").stream().filter(l -> l.contains("works again")).toList(),
                "a 400 says nothing about the receiver's health");
    }

    @Test
    void anIdleSinkSendsNothing() {
        start(options());
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertEquals(0, receiver.requests().size(), "never an empty request");
    }
}
