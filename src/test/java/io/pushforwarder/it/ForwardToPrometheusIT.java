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
import io.pushforwarder.testing.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole path on real binaries: node_exporter -> push-forwarder -> Pushgateway -> Prometheus. */
class ForwardToPrometheusIT {

    @TempDir
    Path dir;
    private RealStack stack;

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    @Test
    void nodeMetricsArriveInPrometheusWithJobInstanceAndGroupingLabels() throws Exception {
        stack = new RealStack(dir);
        String exporter = stack.startNodeExporter(Loopback.freePort());
        Pushgateway gateway = stack.startPushgateway();
        Prometheus prometheus = stack.startPrometheus(gateway);

        long startedAt = System.nanoTime();
        ManagedProcess forwarder = stack.track(ForwarderProcess.start("forwarder",
                ForwarderProcess.workDir(dir, "work"), Map.of(
                        "FORWARDER_EXPORTER_URL", exporter,
                        "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                        "FORWARDER_INSTANCE", "it-node",
                        "FORWARDER_GROUPING_LABELS", "dc=eu/west",
                        "FORWARDER_LOCK_DIR", dir.resolve("lock").toString())));

        await("the first push").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> gateway.pushTimesByInstance("node").containsKey("it-node"));
        Duration firstPush = Duration.ofNanos(System.nanoTime() - startedAt);
        assertTrue(firstPush.compareTo(Duration.ofSeconds(5)) <= 0,
                "first push came " + firstPush.toMillis() + " ms after start; the bound is 5 s");

        List<Sample> load = await("node_load1 in Prometheus").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> prometheus.query("node_load1{job=\"node\",instance=\"it-node\",dc=\"eu/west\"}"),
                        samples -> samples.size() == 1);
        assertEquals(Map.of("__name__", "node_load1", "job", "node", "instance", "it-node", "dc", "eu/west"),
                load.get(0).labels());
        // a whole node's worth of series came through, not just one metric
        double series = prometheus.query("count({job=\"node\",instance=\"it-node\"})").get(0).value();
        assertTrue(series > 200, "only " + series + " series arrived");
        // honor_labels kept the pushed labels: none was renamed to exported_*
        assertTrue(prometheus.query("count({exported_job=\"node\"})").isEmpty());

        assertEquals(List.of(), Sockets.listeningSockets(forwarder.pid()),
                "the forwarder must not listen on any port");
        assertFalse(forwarder.output().contains("Exception"), forwarder.output());
    }
}
