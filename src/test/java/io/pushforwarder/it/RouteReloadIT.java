package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * forwarder.reload=true with the file lock: a target added to routes/targets.camel.yaml on a running leader and its
 * standby is pushed by the leader only, the leader keeps the lock, and a broken edit keeps the old routes forwarding.
 * Each forwarder pushes under its own instance name, so the real gateway's groups show exactly who pushed.
 */
class RouteReloadIT {

    private static final String NEW_TARGET = """

            - templatedRoute:
                routeTemplateRef: forward-exporter
                routeId: forward-reloaded
                parameters:
                  - name: exporterUrl
                    value: "{{forwarder.exporter.url}}"
                  - name: job
                    value: reloaded
            """;

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
                "FORWARDER_LOCK_DIR", dir.resolve("shared-lock").toString(),
                "FORWARDER_RELOAD", "true",
                "FORWARDER_RELOAD_INTERVAL_MS", "300")));
    }

    private Path targets(String instance) {
        return dir.resolve(instance).resolve("routes/targets.camel.yaml");
    }

    /** Every instance that ever pushed a data or status group of either job. */
    private Set<String> pushers() {
        Set<String> all = new java.util.TreeSet<>();
        for (String job : new String[] {"node", "reloaded"}) {
            all.addAll(gateway.pushTimesByInstance(job).keySet());
            all.addAll(gateway.statusPushTimesByInstance(job).keySet());
        }
        return all;
    }

    private ManagedProcess leader;

    private void awaitPushAfter(String job, String instance, double after) {
        try {
            await(job + " pushed again by " + instance).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.pushTimesByInstance(job).getOrDefault(instance, 0.0) > after);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nleader:\n" + leader.output(), e);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void anAddedTargetIsPushedByTheLeaderOnlyAndABrokenEditKeepsForwarding() throws Exception {
        stack = new RealStack(dir);
        exporter = stack.startNodeExporter(Loopback.freePort());
        gateway = stack.startPushgateway();

        ManagedProcess a = forwarder("fwd-a");
        ManagedProcess b = forwarder("fwd-b");
        await("one forwarder to push").atMost(Duration.ofSeconds(20)).until(() -> !pushers().isEmpty());
        String leaderName = pushers().iterator().next();
        leader = leaderName.equals("fwd-a") ? a : b;
        ManagedProcess standby = leader == a ? b : a;
        String standbyName = leader == a ? "fwd-b" : "fwd-a";
        leader.awaitOutput("routes reload on", Duration.ofSeconds(10));
        standby.awaitOutput("routes reload on", Duration.ofSeconds(10));

        // the same edit on both nodes, as a configuration management tool would roll it out
        Files.writeString(targets("fwd-a"), NEW_TARGET, StandardOpenOption.APPEND);
        Files.writeString(targets("fwd-b"), NEW_TARGET, StandardOpenOption.APPEND);
        leader.awaitOutput("routes reload: targets.camel.yaml applied", Duration.ofSeconds(10));
        standby.awaitOutput("routes reload: targets.camel.yaml applied", Duration.ofSeconds(10));
        try {
            await("the new target's group, from the leader").atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.pushTimesByInstance("reloaded").containsKey(leaderName)
                            && gateway.statusPushTimesByInstance("reloaded").containsKey(leaderName));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nleader:\n" + leader.output(), e);
        }

        // the leader kept the lock and still forwards the first target, status groups included (the status route
        // was not replaced, yet must not keep the HTTP client of a removed route); the standby never pushed anything
        awaitPushAfter("node", leaderName, gateway.pushTimesByInstance("node").get(leaderName));
        double statusAt = gateway.statusPushTimesByInstance("node").get(leaderName);
        await("the status group pushed again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.statusPushTimesByInstance("node").get(leaderName) > statusAt);
        String afterReload = leader.output().substring(leader.output().indexOf("targets.camel.yaml applied"));
        assertFalse(afterReload.contains("status push failed"), afterReload);
        await("the standby to stay silent").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> pushers().equals(Set.of(leaderName)));
        assertFalse(leader.output().contains("lock lost"), leader.output());

        // a broken edit: one WARN line, and both targets keep forwarding
        Files.writeString(targets(leaderName), "- templatedRoute: [ this is not yaml\n",
                StandardOpenOption.APPEND);
        leader.awaitOutput("routes reload: targets.camel.yaml not applied, the routes it had keep running",
                Duration.ofSeconds(10));
        double nodeAt = gateway.pushTimesByInstance("node").get(leaderName);
        double reloadedAt = gateway.pushTimesByInstance("reloaded").get(leaderName);
        awaitPushAfter("node", leaderName, nodeAt);
        awaitPushAfter("reloaded", leaderName, reloadedAt);
        assertEquals(Set.of(leaderName), pushers(), "only the leader ever pushed");

        // the target removed again: its group is no longer pushed, the first target still is
        String original = Files.readString(Path.of("routes/targets.camel.yaml"));
        Files.writeString(targets("fwd-a"), original);
        Files.writeString(targets("fwd-b"), original);
        await("the removal applied").atMost(Duration.ofSeconds(10))
                .until(() -> count(leader.output(), "removed routes [forward-node-exporter, forward-reloaded]") == 1);
        double removedAt = gateway.pushTimesByInstance("reloaded").get(leaderName);
        awaitPushAfter("node", leaderName, gateway.pushTimesByInstance("node").get(leaderName));
        await("the removed target to stay silent").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> gateway.pushTimesByInstance("reloaded").get(leaderName) == removedAt);
        assertFalse(standby.output().contains("not applied"), standby.output());
        assertFalse(pushers().contains(standbyName));
    }
}
