package io.pushforwarder.remotewrite;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.pushforwarder.testing.Prometheus;
import io.pushforwarder.testing.Prometheus.Point;
import io.pushforwarder.testing.Prometheus.Series;
import io.pushforwarder.testing.RealStack;
import io.pushforwarder.testing.RemoteWriteReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against a real Prometheus 2.42 remote-write receiver on loopback. */
class RemoteWriteIT {

    private static final Duration LOOK_BACK = Duration.ofMinutes(5);

    @TempDir
    Path dir;
    private RealStack stack;
    private RemoteWriteSink sink;
    private ScheduledExecutorService ticker;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (sink != null) {
            sink.stop();
        }
        stack.close();
    }

    private RemoteWriteSink startSink(RemoteWriteReceiver receiver) {
        sink = new RemoteWriteSink(RemoteWriteOptions.defaults(receiver.writeUrl())
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(2))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        sink.start();
        return sink;
    }

    private static Series only(List<Series> series) {
        assertEquals(1, series.size(), series.toString());
        return series.get(0);
    }

    @Test
    void samplesArriveWithExactlyTheirLabelsAndTimestampsAndUpToo() throws Exception {
        stack = new RealStack(dir);
        RemoteWriteReceiver receiver = stack.startRemoteWriteReceiver();
        Prometheus prometheus = receiver.prometheus();
        startSink(receiver);
        Map<String, String> node1 = Map.of("job", "rw-it", "instance", "node-1", "dc", "eu/west");
        Map<String, String> node2 = Map.of("job", "rw-it", "instance", "node-2", "dc", "eu/west");
        long t1 = System.currentTimeMillis() - 3_000 + 123; // realistic times, with milliseconds
        long t2 = t1 + 1_000;

        sink.offer(new TargetSamples(node1, t1)
                .add("node_load1", Map.of(), 0.42)
                .add("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "idle"), 1234.5)
                .up(true).samples());
        sink.offer(new TargetSamples(node2, t1).up(false).samples()); // node-2's scrape failed: only up, 0
        sink.offer(new TargetSamples(node1, t2).add("node_load1", Map.of(), 0.5).up(true).samples());
        await("6 samples accepted").atMost(Duration.ofSeconds(15)).until(() -> sink.stats().samplesSent() == 6);

        Series load = only(prometheus.rawSamples("node_load1", LOOK_BACK, t2));
        assertEquals(Map.of("__name__", "node_load1", "job", "rw-it", "instance", "node-1", "dc", "eu/west"),
                load.labels());
        assertEquals(List.of(new Point(t1, 0.42), new Point(t2, 0.5)), load.points());

        Series cpu = only(prometheus.rawSamples("node_cpu_seconds_total", LOOK_BACK, t2));
        assertEquals(Map.of("__name__", "node_cpu_seconds_total", "job", "rw-it", "instance", "node-1",
                "dc", "eu/west", "cpu", "0", "mode", "idle"), cpu.labels());
        assertEquals(List.of(new Point(t1, 1234.5)), cpu.points());

        List<Series> up = new ArrayList<>(prometheus.rawSamples("up", LOOK_BACK, t2));
        up.sort(Comparator.comparing(series -> series.labels().get("instance")));
        assertEquals(2, up.size(), up.toString());
        assertEquals(Map.of("__name__", "up", "job", "rw-it", "instance", "node-1", "dc", "eu/west"),
                up.get(0).labels());
        assertEquals(List.of(new Point(t1, 1), new Point(t2, 1)), up.get(0).points());
        assertEquals(Map.of("__name__", "up", "job", "rw-it", "instance", "node-2", "dc", "eu/west"),
                up.get(1).labels());
        assertEquals(List.of(new Point(t1, 0)), up.get(1).points());

        // a sample older than the series' newest is refused by Prometheus with a 400: dropped, never retried
        sink.offer(new TargetSamples(node1, t1 - 1_000).add("node_load1", Map.of(), 9).samples());
        await("the 400").atMost(Duration.ofSeconds(15))
                .until(() -> sink.stats().batchesFailed(DropReason.REJECTED) == 1);
        RemoteWriteStats stats = sink.stats();
        assertEquals(0, stats.retries());
        assertEquals(6, stats.samplesSent());
        assertEquals(List.of(new Point(t1, 0.42), new Point(t2, 0.5)),
                only(prometheus.rawSamples("node_load1", LOOK_BACK, t2)).points());
    }

    @Test
    void samplesWrittenWhileTheReceiverIsDownFor15SecondsArriveAfterwards() throws Exception {
        stack = new RealStack(dir);
        RemoteWriteReceiver receiver = stack.startRemoteWriteReceiver();
        startSink(receiver);
        Map<String, String> target = Map.of("job", "rw-outage", "instance", "node-1", "dc", "eu/west");
        List<Long> written = new CopyOnWriteArrayList<>();
        AtomicLong tick = new AtomicLong();
        ticker = Executors.newSingleThreadScheduledExecutor();
        // a scrape every second, as a route would offer it: one series and up
        ticker.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            sink.offer(new TargetSamples(target, now).add("rw_outage_probe", Map.of(), tick.incrementAndGet())
                    .up(true).samples());
            written.add(now);
        }, 0, 1, TimeUnit.SECONDS);
        await("3 scrapes accepted").atMost(Duration.ofSeconds(15)).until(() -> sink.stats().samplesSent() >= 6);

        stack.processNamed(receiver.processName()).stop(); // SIGTERM; returns when the process has exited
        long sentBeforeOutage = sink.stats().samplesSent();
        int writtenBeforeOutage = written.size();
        await("15 scrapes during the outage").atMost(Duration.ofSeconds(25))
                .until(() -> written.size() >= writtenBeforeOutage + 15);
        RemoteWriteStats during = sink.stats();
        assertEquals(sentBeforeOutage, during.samplesSent(), "nothing can be accepted while the receiver is down");
        assertTrue(during.retries() > 0, "the sender retried: " + during);
        assertTrue(during.queueSamples() + during.inFlightSamples() >= 28, "the scrapes wait: " + during);

        stack.startRemoteWriteReceiver(receiver.port(), receiver.tsdb()); // same port, same data
        int writtenAtRestart = written.size();
        await("3 more scrapes after the restart").atMost(Duration.ofSeconds(15))
                .until(() -> written.size() >= writtenAtRestart + 3);
        ticker.shutdown();
        await("every scrape accepted").atMost(Duration.ofSeconds(20)).until(() -> ticker.isTerminated()
                && sink.stats().samplesSent() == 2L * written.size());

        RemoteWriteStats stats = sink.stats();
        assertEquals(0, stats.samplesDroppedTotal(), stats.toString());
        assertEquals(0, stats.queueSamples());
        long last = written.get(written.size() - 1);
        Series probe = only(receiver.prometheus().rawSamples("rw_outage_probe", LOOK_BACK, last));
        assertEquals(Map.of("__name__", "rw_outage_probe", "job", "rw-outage", "instance", "node-1", "dc", "eu/west"),
                probe.labels());
        List<Long> stored = probe.points().stream().map(Point::timestampMs).toList();
        assertEquals(List.copyOf(written), stored, "every scrape, those of the outage included, by its timestamp");
        List<Double> values = probe.points().stream().map(Point::value).toList();
        assertEquals(1.0, values.get(0));
        assertEquals((double) written.size(), values.get(values.size() - 1));
        Series up = only(receiver.prometheus().rawSamples("up", LOOK_BACK, last));
        assertEquals(List.copyOf(written), up.points().stream().map(Point::timestampMs).toList());
    }
}
