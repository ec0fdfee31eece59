package io.pushforwarder.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock that replaces the PID file: forwarders sharing a lock folder push one at a time. Each forwarder pushes
 * under its own instance name, so the real gateway's groups show exactly who pushed.
 */
class SingleInstanceLockIT {

    @TempDir
    Path dir;
    private RealStack stack;
    private Pushgateway gateway;
    private String exporter;

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private ManagedProcess forwarder(String instance) throws Exception {
        return stack.track(ForwarderProcess.start(instance, ForwarderProcess.workDir(dir, instance), Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_INSTANCE", instance,
                "FORWARDER_SCHEDULE", "0/1 * * * * ?",
                // the shipped lock timings: the bounds below are the ones users get
                "FORWARDER_LOCK_DIR", dir.resolve("shared-lock").toString())));
    }

    private Set<String> pushers() {
        return gateway.pushTimesByInstance("node").keySet();
    }

    @Test
    void exactlyOneOfTwoPushesAndTheStandbyTakesOverAfterAKillOrAStop() throws Exception {
        stack = new RealStack(dir);
        exporter = stack.startNodeExporter(Loopback.freePort());
        gateway = stack.startPushgateway();

        ManagedProcess a = forwarder("fwd-a");
        ManagedProcess b = forwarder("fwd-b");
        await("one forwarder to push").atMost(Duration.ofSeconds(15)).until(() -> !pushers().isEmpty());
        // both are up and ticking every second; only one group may ever appear
        a.awaitOutput("Waiting \\d+ms to attempt initial cluster leadership", Duration.ofSeconds(10));
        b.awaitOutput("Waiting \\d+ms to attempt initial cluster leadership", Duration.ofSeconds(10));
        await("the other to stay silent").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                .until(() -> pushers().size() == 1);
        String leader = pushers().iterator().next();
        ManagedProcess active = leader.equals("fwd-a") ? a : b;
        ManagedProcess standby = active == a ? b : a;
        String standbyName = active == a ? "fwd-b" : "fwd-a";

        // kill -9: no clean release, the standby must notice the stale heartbeat
        long killedAt = System.nanoTime();
        active.kill9();
        await("the standby to take over after kill -9").atMost(Duration.ofSeconds(25))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> pushers().contains(standbyName));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertTrue(takeover.compareTo(Duration.ofSeconds(20)) <= 0,
                "kill -9 takeover took " + takeover.toMillis() + " ms; the bound is 20 s");

        // a third forwarder stands by; a graceful stop of the leader hands over at once
        ManagedProcess c = forwarder("fwd-c");
        c.awaitOutput("Waiting \\d+ms to attempt initial cluster leadership", Duration.ofSeconds(10));
        await("c to stay standby").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> !pushers().contains("fwd-c"));
        long stoppedAt = System.nanoTime();
        standby.stop();
        await("c to take over after SIGTERM").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> pushers().contains("fwd-c"));
        Duration handover = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertTrue(handover.compareTo(Duration.ofSeconds(3)) <= 0,
                "SIGTERM handover took " + handover.toMillis() + " ms; the bound is 3 s");
        // 143 is how every JVM exits after SIGTERM once its shutdown hooks are done
        assertEquals(143, standby.awaitExit(Duration.ofSeconds(5)), standby.output());
        assertTrue(standby.output().contains("push-forwarder stopping"), standby.output());
    }
}
