package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Prometheus;
import io.pushforwarder.testing.Prometheus.Point;
import io.pushforwarder.testing.Prometheus.Series;
import io.pushforwarder.testing.RealStack;
import io.pushforwarder.testing.RemoteWriteReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * forwarder.remote-write.queue.directory: the forwarder is restarted while the real receiver is down, and the
 * samples scraped before the restart still reach the receiver once it is up, at their own times.
 */
class RemoteWriteQueueOnDiskIT {

    @TempDir
    Path dir;
    private RealStack stack;

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    @Test
    void samplesQueuedBeforeARestartArriveAfterIt() throws Exception {
        stack = new RealStack(dir);
        String exporter = stack.startNodeExporter(Loopback.freePort());
        // the receiver's port and data, not started yet: it is down while the first forwarder runs
        int receiverPort = Loopback.freePort();
        Path tsdb = dir.resolve("tsdb-receiver");
        Path queueDir = dir.resolve("queue");
        Path work = ForwarderProcess.workDir(dir, "work");
        Map<String, String> env = Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_SINKS", "remote-write",
                "FORWARDER_REMOTE_WRITE_URL", "http://127.0.0.1:" + receiverPort + "/api/v1/write",
                "FORWARDER_REMOTE_WRITE_QUEUE_DIRECTORY", queueDir.toString(),
                "FORWARDER_INSTANCE", "spool-node",
                "FORWARDER_SCHEDULE", "0/1 * * * * ?",
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString());

        ManagedProcess first = stack.track(ForwarderProcess.start("forwarder-1", work, env));
        // the fourth attempt comes after 0.5 + 1 + 2 s of backoff: a few ticks into the outage
        first.awaitOutput("remote write failed, retrying .* attempt=4 ", Duration.ofSeconds(30));
        first.stop();
        long stoppedAtMs = System.currentTimeMillis();
        assertTrue(first.output().contains("remote write queue saved to disk"), first.output());
        assertTrue(Files.exists(queueDir.resolve("remote-write-queue.pb")));

        ManagedProcess second = stack.track(ForwarderProcess.start("forwarder-2", work, env));
        second.awaitOutput("remote write queue restored from disk", Duration.ofSeconds(30));
        RemoteWriteReceiver receiver = stack.startRemoteWriteReceiver(receiverPort, tsdb);
        Prometheus prometheus = receiver.prometheus();

        // up 1 of every tick the first forwarder made, at the scrape's own time, arrived through the second one
        List<Series> before = await("the first forwarder's samples").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.rawSamples("up{job=\"node\",instance=\"spool-node\"}", Duration.ofMinutes(5),
                        stoppedAtMs), series -> series.size() == 1 && series.get(0).points().size() >= 4);
        List<Point> points = before.get(0).points();
        assertTrue(points.stream().allMatch(p -> p.value() == 1.0 && p.timestampMs() <= stoppedAtMs), points.toString());
        assertTrue(prometheus.query("count(node_load1{instance=\"spool-node\"})").size() == 1);
    }
}
