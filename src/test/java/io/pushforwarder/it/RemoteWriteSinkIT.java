package io.pushforwarder.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Prometheus;
import io.pushforwarder.testing.Prometheus.Sample;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import io.pushforwarder.testing.RemoteWriteReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes with remote-write among their sinks, end to end: the real node_exporter, the real forwarder and a real
 * Prometheus 2.42 receiving remote_write, next to a real Pushgateway that still gets every push.
 */
class RemoteWriteSinkIT {

    @TempDir
    Path dir;
    private RealStack stack;

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private static double value(List<Sample> samples) {
        return samples.isEmpty() ? Double.NaN : samples.get(0).value();
    }

    @Test
    void nodeMetricsAndUpArriveThroughRemoteWriteAndUpFallsWhenTheExporterDies() throws Exception {
        stack = new RealStack(dir);
        int exporterPort = Loopback.freePort();
        String exporter = stack.startNodeExporter(exporterPort);
        Pushgateway gateway = stack.startPushgateway();
        RemoteWriteReceiver receiver = stack.startRemoteWriteReceiver();
        Prometheus prometheus = receiver.prometheus();
        stack.track(ForwarderProcess.start("forwarder", ForwarderProcess.workDir(dir, "work"), Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_SINKS", "pushgateway,remote-write",
                "FORWARDER_REMOTE_WRITE_URL", receiver.writeUrl(),
                "FORWARDER_INSTANCE", "rw-node",
                "FORWARDER_GROUPING_LABELS", "dc=eu/west",
                "FORWARDER_SCHEDULE", "0/1 * * * * ?",
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString())));

        List<Sample> load = await("node_load1 through remote_write").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> prometheus.query("node_load1{job=\"node\",instance=\"rw-node\"}"), s -> s.size() == 1);
        assertEquals(Map.of("__name__", "node_load1", "job", "node", "instance", "rw-node", "dc", "eu/west"),
                load.get(0).labels());
        String up = "up{job=\"node\",instance=\"rw-node\"}";
        await("up 1").atMost(Duration.ofSeconds(10)).until(() -> value(prometheus.query(up)) == 1.0);
        assertTrue(value(prometheus.query("count({job=\"node\",instance=\"rw-node\"})")) > 200);
        // the Pushgateway sink still runs beside it
        assertTrue(gateway.pushTimesByInstance("node").containsKey("rw-node"));
        // and the target's status group there carries the sink's figures, which the real gateway took as valid
        await("remote_write figures in the status group").atMost(Duration.ofSeconds(10)).until(() ->
                Loopback.get(gateway.url() + "/metrics").lines().anyMatch(l ->
                        l.startsWith("push_forwarder_remote_write_samples_sent_total{") && l.contains("rw-node")
                                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 200));
        String exposition = Loopback.get(gateway.url() + "/metrics");
        assertTrue(exposition.contains("# TYPE push_forwarder_remote_write_samples_dropped_total counter"), exposition);
        assertTrue(exposition.contains("# TYPE push_forwarder_remote_write_queue_samples gauge"), exposition);
        assertTrue(exposition.contains("# TYPE push_forwarder_remote_write_failed_requests_total counter"), exposition);

        stack.processNamed("node-exporter-" + exporterPort).kill9();
        await("up 0 after the exporter died").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> value(prometheus.query(up)) == 0.0);
    }
}
