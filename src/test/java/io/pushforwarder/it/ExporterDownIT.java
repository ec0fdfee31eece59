package io.pushforwarder.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's cron line turns a dead exporter into an empty push that looks fresh. The forwarder must push nothing,
 * so the real gateway keeps the group's last good metrics and its push time ages, which is what alerts on.
 */
class ExporterDownIT {

    private static final String EVERY_SECOND = "0/1 * * * * ?";

    @TempDir
    Path dir;
    private RealStack stack;

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    @Test
    void aDeadExporterPushesNothingAndTheLastGoodGroupSurvives() throws Exception {
        stack = new RealStack(dir);
        int exporterPort = Loopback.freePort();
        String exporterUrl = stack.startNodeExporter(exporterPort);
        Pushgateway gateway = stack.startPushgateway();
        ManagedProcess forwarder = stack.track(ForwarderProcess.start("forwarder",
                ForwarderProcess.workDir(dir, "work"), Map.of(
                        "FORWARDER_EXPORTER_URL", exporterUrl,
                        "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                        "FORWARDER_INSTANCE", "down-node",
                        "FORWARDER_SCHEDULE", EVERY_SECOND,
                        "FORWARDER_LOCK_DIR", dir.resolve("lock").toString())));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> gateway.pushTimesByInstance("node").containsKey("down-node"));
        long seriesBefore = gateway.seriesOf("node_cpu_seconds_total", "node", "down-node");
        assertTrue(seriesBefore > 0);

        ManagedProcess exporter = findExporter(exporterPort);
        exporter.kill9();
        forwarder.awaitOutput("tick skipped, nothing pushed: target=\\S+ reason=\"scrape ", Duration.ofSeconds(10));
        double lastGoodPush = gateway.pushTimesByInstance("node").get("down-node");

        // several ticks pass with the exporter down: the group must not move at all
        await("push time to stay put").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> gateway.pushTimesByInstance("node").get("down-node") == lastGoodPush);
        assertEquals(seriesBefore, gateway.seriesOf("node_cpu_seconds_total", "node", "down-node"));
        assertEquals(1, count(forwarder.output(), "tick skipped, nothing pushed"),
                "a target that stays down is logged once, not on every tick:\n" + forwarder.output());

        // the exporter comes back on the same port: pushing resumes by itself
        stack.startNodeExporter(exporterPort);
        await("pushes to resume").atMost(Duration.ofSeconds(10))
                .until(() -> gateway.pushTimesByInstance("node").get("down-node") > lastGoodPush);
        forwarder.awaitOutput("target back up, pushing again", Duration.ofSeconds(5));
    }

    @Test
    void aForwarderWhoseExporterNeverAnsweredCreatesNoGroup() throws Exception {
        stack = new RealStack(dir);
        Pushgateway gateway = stack.startPushgateway();
        ManagedProcess forwarder = stack.track(ForwarderProcess.start("forwarder",
                ForwarderProcess.workDir(dir, "work"), Map.of(
                        "FORWARDER_EXPORTER_URL", "http://127.0.0.1:" + Loopback.freePort() + "/metrics",
                        "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                        "FORWARDER_INSTANCE", "never-up",
                        "FORWARDER_SCHEDULE", EVERY_SECOND,
                        "FORWARDER_LOCK_DIR", dir.resolve("lock").toString())));

        forwarder.awaitOutput("tick skipped, nothing pushed", Duration.ofSeconds(15));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> !gateway.pushTimesByInstance("node").containsKey("never-up"));
        assertFalse(gateway.pushTimesByInstance("node").containsKey("never-up"));
    }

    private ManagedProcess findExporter(int port) {
        return stack.processNamed("node-exporter-" + port);
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
