package io.pushforwarder.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Prometheus;
import io.pushforwarder.testing.Prometheus.Sample;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status group gives Prometheus back the up signal of a node that is only seen through the gateway. */
class StatusGroupIT {

    private static final int TICK_SECONDS = 2;

    @TempDir
    Path dir;
    private RealStack stack;
    private int exporterPort;
    private Pushgateway gateway;

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private ManagedProcess startStackAndForwarder(Map<String, String> extraEnv) throws Exception {
        stack = new RealStack(dir);
        exporterPort = Loopback.freePort();
        String exporter = stack.startNodeExporter(exporterPort);
        gateway = stack.startPushgateway();
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_INSTANCE", "st-node",
                "FORWARDER_SCHEDULE", "0/" + TICK_SECONDS + " * * * * ?",
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString()));
        env.putAll(extraEnv);
        return stack.track(ForwarderProcess.start("forwarder", ForwarderProcess.workDir(dir, "work"), env));
    }

    private static double value(List<Sample> samples) {
        return samples.isEmpty() ? Double.NaN : samples.get(0).value();
    }

    @Test
    void targetUpReadsZeroWithinTwoTicksOfTheExporterDyingAndOneWhenItIsBack() throws Exception {
        startStackAndForwarder(Map.of());
        Prometheus prometheus = stack.startPrometheus(gateway);
        String up = "push_forwarder_target_up{job=\"node\",instance=\"st-node\"}";
        await("target_up 1").atMost(Duration.ofSeconds(20)).until(() -> value(prometheus.query(up)) == 1.0);
        assertEquals(Map.of("__name__", "push_forwarder_target_up", "job", "node", "instance", "st-node",
                "push_forwarder", "status"), prometheus.query(up).get(0).labels());
        String pushes = "push_forwarder_pushes_total{job=\"node\",instance=\"st-node\"}";
        await("pushes_total counted").atMost(Duration.ofSeconds(10)).until(() -> value(prometheus.query(pushes)) >= 1.0);

        long killedAt = System.nanoTime();
        stack.processNamed("node-exporter-" + exporterPort).kill9();
        await("target_up 0").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> value(prometheus.query(up)) == 0.0);
        Duration seen = Duration.ofNanos(System.nanoTime() - killedAt);
        // two ticks, plus one scrape interval of Prometheus (1 s) for the value to travel from the gateway
        assertTrue(seen.compareTo(Duration.ofSeconds(2 * TICK_SECONDS + 1)) <= 0,
                "target_up read 0 after " + seen.toMillis() + " ms");
        // the data group is kept: Prometheus still has the node's last good values
        assertFalse(prometheus.query("node_load1{job=\"node\",instance=\"st-node\"}").isEmpty());
        assertTrue(value(prometheus.query("push_forwarder_failures_total{instance=\"st-node\",reason=\"scrape_error\"}"))
                >= 1.0);

        // a tick that pushed nothing does not count; the next good one does
        double pushesWhileDown = value(prometheus.query(pushes));
        stack.startNodeExporter(exporterPort);
        await("target_up back to 1").atMost(Duration.ofSeconds(15)).until(() -> value(prometheus.query(up)) == 1.0);
        await("pushes_total counting again").atMost(Duration.ofSeconds(10))
                .until(() -> value(prometheus.query(pushes)) > pushesWhileDown);
    }

    @Test
    void aTargetDownForDeleteAfterTicksLosesItsDataGroupButKeepsItsStatus() throws Exception {
        startStackAndForwarder(Map.of("FORWARDER_STALE_DELETE_AFTER", "2"));
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.pushTimesByInstance("node").containsKey("st-node"));

        stack.processNamed("node-exporter-" + exporterPort).kill9();

        await("the data group to be deleted").atMost(Duration.ofSeconds(4 * TICK_SECONDS + 5))
                .until(() -> !gateway.pushTimesByInstance("node").containsKey("st-node"));
        assertTrue(gateway.statusPushTimesByInstance("node").containsKey("st-node"));
        assertEquals(0, gateway.seriesOf("node_load1", "node", "st-node"));
    }
}
