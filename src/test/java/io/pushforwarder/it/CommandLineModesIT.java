package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --once, --dry-run, --check-config and a graceful stop, run as a user runs them, against the real stack. */
class CommandLineModesIT {

    @TempDir
    Path dir;
    private RealStack stack;
    private String exporter;
    private Pushgateway gateway;

    @BeforeEach
    void startStack() throws Exception {
        stack = new RealStack(dir);
        exporter = stack.startNodeExporter(Loopback.freePort());
        gateway = stack.startPushgateway();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private ManagedProcess forwarder(String name, Map<String, String> overrides, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_INSTANCE", name,
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString()));
        env.putAll(overrides);
        Path work = Files.exists(dir.resolve("work")) ? dir.resolve("work") : ForwarderProcess.workDir(dir, "work");
        return stack.track(ForwarderProcess.start(name, work, env, args));
    }

    @Test
    void onceForwardsEveryTargetOneTimeAndExitsZero() throws Exception {
        ManagedProcess once = forwarder("once-node", Map.of(), "--once");

        assertEquals(0, once.awaitExit(Duration.ofSeconds(30)), once.output());
        assertTrue(once.output().contains("forward-node-exporter: pushed "), once.output());
        assertTrue(gateway.pushTimesByInstance("node").containsKey("once-node"));
        assertTrue(gateway.seriesOf("node_load1", "node", "once-node") == 1);
    }

    @Test
    void onceExitsOneAndPushesNothingWhenTheExporterIsDown() throws Exception {
        ManagedProcess once = forwarder("once-down",
                Map.of("FORWARDER_EXPORTER_URL", "http://127.0.0.1:" + Loopback.freePort() + "/metrics"), "--once");

        assertEquals(1, once.awaitExit(Duration.ofSeconds(30)), once.output());
        assertTrue(once.output().contains("forward-node-exporter: skipped: scrape "), once.output());
        assertFalse(gateway.pushTimesByInstance("node").containsKey("once-down"));
    }

    @Test
    void dryRunReportsWhatItWouldPushAndPushesNothing() throws Exception {
        ManagedProcess dryRun = forwarder("dry-node", Map.of(), "--dry-run");

        assertEquals(0, dryRun.awaitExit(Duration.ofSeconds(30)), dryRun.output());
        assertTrue(dryRun.output().matches("(?s).*forward-node-exporter: would push \\d+ series, \\d+ bytes to "
                + "http://127\\.0\\.0\\.1:\\d+/metrics/job/node/instance/dry-node, no repairs\\n.*"), dryRun.output());
        assertFalse(gateway.pushTimesByInstance("node").containsKey("dry-node"));
        assertFalse(gateway.statusPushTimesByInstance("node").containsKey("dry-node"));
    }

    @Test
    void checkConfigListsTheTargetsAndExitsZeroOrTwo() throws Exception {
        ManagedProcess check = forwarder("check-node", Map.of(), "--check-config");
        assertEquals(0, check.awaitExit(Duration.ofSeconds(30)), check.output());
        assertTrue(check.output().contains("configuration OK: 1 target(s)"), check.output());
        assertTrue(check.output().contains("forward-node-exporter: " + exporter + " -> " + gateway.url()),
                check.output());

        // a target whose grouping labels the gateway would refuse
        Path targets = dir.resolve("work/routes/targets.camel.yaml");
        Files.writeString(targets, Files.readString(targets).replace("""
                      - name: job
                        value: "{{forwarder.job}}"
                """, """
                      - name: job
                        value: "{{forwarder.job}}"
                      - name: groupingLabels
                        value: "9rack=r1"
                """));
        ManagedProcess bad = forwarder("check-bad", Map.of(), "--check-config");
        assertEquals(2, bad.awaitExit(Duration.ofSeconds(30)), bad.output());
        assertTrue(bad.output().contains("push-forwarder: configuration error: grouping label name '9rack' is invalid"),
                bad.output());
    }

    @Test
    void aGracefulStopWithDeleteOnShutdownRemovesTheGroups() throws Exception {
        ManagedProcess running = forwarder("retired-node", Map.of("FORWARDER_DELETE_ON_SHUTDOWN", "true"));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                gateway.pushTimesByInstance("node").containsKey("retired-node")
                        && gateway.statusPushTimesByInstance("node").containsKey("retired-node"));

        running.stop();

        assertFalse(gateway.pushTimesByInstance("node").containsKey("retired-node"), running.output());
        assertFalse(gateway.statusPushTimesByInstance("node").containsKey("retired-node"), running.output());
        assertTrue(running.output().contains("group deleted: target=forward-node-exporter"), running.output());
    }

    @Test
    void aStopDuringAHungScrapeEndsWithinTheShutdownTimeout() throws Exception {
        try (FakeHttpServer hung = new FakeHttpServer()) {
            hung.answer.with(200, "up 1\n", Map.of());
            hung.answer.delayMillis = 120_000;
            ManagedProcess running = forwarder("hung-node", Map.of(
                    "FORWARDER_EXPORTER_URL", hung.url("/metrics"),
                    "FORWARDER_EXPORTER_RESPONSE_TIMEOUT_MS", "120000"));
            await("the scrape to hang").atMost(Duration.ofSeconds(15)).until(() -> !hung.requests().isEmpty());

            long stoppedAt = System.nanoTime();
            running.stop();
            Duration stop = Duration.ofNanos(System.nanoTime() - stoppedAt);

            // camel.main.shutdown-timeout is 10 s; the JVM needs a moment on top
            assertTrue(stop.compareTo(Duration.ofSeconds(14)) <= 0, "stop took " + stop.toMillis() + " ms");
            assertFalse(gateway.pushTimesByInstance("node").containsKey("hung-node"));
        }
    }
}
