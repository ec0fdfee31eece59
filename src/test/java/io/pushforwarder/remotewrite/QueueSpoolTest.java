package io.pushforwarder.remotewrite;

import static io.pushforwarder.remotewrite.WriteRequestEncoderTest.decode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/** The queue on disk: a stop with the receiver down keeps every unsent sample, the batch in flight included. */
class QueueSpoolTest {

    private static final Map<String, String> TARGET = Map.of("job", "node", "instance", "web-1");

    @TempDir
    Path dir;
    private FakeHttpServer receiver;
    private LogCapture log;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new FakeHttpServer();
        log = LogCapture.remoteWrite();
    }

    @AfterEach
    void stopAll() {
        log.close();
        receiver.close();
    }

    private static List<Sample> scrape(long timestampMs, int series) {
        TargetSamples scrape = new TargetSamples(TARGET, timestampMs);
        for (int i = 0; i < series; i++) {
            scrape.add("m", Map.of("n", Integer.toString(i)), i);
        }
        return scrape.samples();
    }

    private RemoteWriteSink sink(long maxBytes) {
        RemoteWriteOptions options = RemoteWriteOptions.defaults(receiver.url("/api/v1/write"))
                .withBatchSeries(10).withQueue(1000, maxBytes)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(30))
                .withDrainTimeout(Duration.ofMillis(300));
        return new RemoteWriteSink(options).spoolTo(new QueueSpool(dir, options.queueMaxBytes()));
    }

    @Test
    void saveThenLoadGivesTheSamplesBackInOrderAndRemovesTheFile() throws Exception {
        QueueSpool spool = new QueueSpool(dir, 1 << 20);
        List<Sample> samples = new ArrayList<>(scrape(1000, 3));
        samples.addAll(scrape(2000, 3));

        assertEquals(0, spool.save(samples));
        assertEquals(samples, spool.load());
        assertFalse(Files.exists(spool.file()));
        assertEquals(List.of(), spool.load(), "nothing saved: nothing to load");
    }

    @Test
    void savingKeepsTheNewestWithinTheByteBound() throws Exception {
        List<Sample> samples = new ArrayList<>(scrape(1000, 5));
        samples.addAll(scrape(2000, 5));
        long fiveSamples = samples.subList(5, 10).stream().mapToLong(Sample::encodedSize).sum();
        QueueSpool spool = new QueueSpool(dir, fiveSamples);

        assertEquals(5, spool.save(samples));
        assertEquals(samples.subList(5, 10), spool.load());
    }

    @Test
    void aStopWithTheReceiverDownKeepsEverySampleForTheNextStart() throws Exception {
        receiver.answer.with(503, "", Map.of());
        RemoteWriteSink first = sink(1 << 20);
        first.start();
        first.offer(scrape(1000, 25));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.stats().retries() >= 1);

        first.stop();

        assertEquals(0, first.stats().samplesDroppedTotal(), "kept on disk, not dropped");
        assertTrue(log.lines("INFO").stream().anyMatch(l -> l.contains("saved to disk") && l.contains("samples=25")),
                log.lines().toString());

        receiver.answer.with(204, "", Map.of());
        int before = receiver.requests().size();
        RemoteWriteSink second = sink(1 << 20);
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.stats().samplesSent() == 25);
        second.stop();
        List<Long> values = new ArrayList<>();
        for (Request request : receiver.requests().subList(before, receiver.requests().size())) {
            for (var series : decode(request.bytes()).getTimeseriesList()) {
                series.getSamplesList().forEach(sample -> values.add((long) sample.getValue()));
            }
        }
        assertEquals(25, values.size());
        assertFalse(Files.exists(dir.resolve(QueueSpool.FILE_NAME)));
    }
}
