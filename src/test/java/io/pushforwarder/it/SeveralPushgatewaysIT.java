package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.pushforwarder.push.RendezvousHashing;
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

/**
 * Two real Pushgateways and twelve targets (one real node_exporter, twelve instances): in shard mode each target's
 * data and status groups sit on exactly one gateway, its owner, and both gateways are used; adding a gateway moves
 * targets without leaving their old copy behind. In replicate mode every gateway holds every target, also while the
 * other one is down.
 */
class SeveralPushgatewaysIT {

    private static final int TARGETS = 12;
    // generous: twelve targets on a shared 2-core machine, the forwarder JVM starting in the same minute
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private RealStack stack;
    private String exporter;
    private Pushgateway first;
    private Pushgateway second;

    @BeforeEach
    void startGatewaysAndExporter() throws Exception {
        stack = new RealStack(dir);
        exporter = stack.startNodeExporter(Loopback.freePort());
        first = stack.startPushgateway();
        second = stack.startPushgateway();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private static List<String> instances() {
        List<String> instances = new ArrayList<>();
        for (int i = 1; i <= TARGETS; i++) {
            instances.add("sg-" + i);
        }
        return instances;
    }

    /** Twelve targets on the one exporter, each its own instance, written as an operator would write them. */
    private ManagedProcess startForwarder(String name, String gateways, String mode) throws Exception {
        Path work = ForwarderProcess.workDir(dir, name);
        StringBuilder targets = new StringBuilder();
        for (String instance : instances()) {
            targets.append("""
                    - templatedRoute:
                        routeTemplateRef: forward-exporter
                        routeId: forward-%s
                        parameters:
                          - name: exporterUrl
                            value: "%s"
                          - name: job
                            value: "node"
                          - name: instance
                            value: "%s"
                    """.formatted(instance, exporter, instance));
        }
        Files.writeString(work.resolve("routes/targets.camel.yaml"), targets.toString());
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_PUSHGATEWAY_URL", gateways,
                "FORWARDER_PUSHGATEWAY_MODE", mode,
                "FORWARDER_SCHEDULE", "0/2 * * * * ?",
                "FORWARDER_LOCK_TYPE", "none",
                "FORWARDER_PUSH_RETRIES", "1",
                "FORWARDER_PUSHGATEWAY_CONNECT_TIMEOUT_MS", "500"));
        return stack.track(ForwarderProcess.start(name, work, env));
    }

    private static Set<String> dataGroups(Pushgateway gateway) {
        return new TreeSet<>(gateway.pushTimesByInstance("node").keySet());
    }

    private static Set<String> statusGroups(Pushgateway gateway) {
        return new TreeSet<>(gateway.statusPushTimesByInstance("node").keySet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A wait that times out says what each gateway holds and what the forwarder logged. */
    private void explained(ManagedProcess forwarder, Runnable wait) {
        try {
            wait.run();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String output = forwarder.output();
            throw new AssertionError(e.getMessage() + "\nfirst: data " + dataGroups(first) + " status "
                    + statusGroups(first) + "\nsecond: data " + dataGroups(second) + " status " + statusGroups(second)
                    + "\nforwarder output (end):\n" + output.substring(Math.max(0, output.length() - 6000)), e);
        }
    }

    @Test
    void shardPutsEachTargetOnItsOwnerOnlyAndAddingAGatewayLeavesNoOldCopyBehind() throws Exception {
        // first one gateway: it gets every target
        ManagedProcess alone = startForwarder("work-one", first.url(), "shard");
        await("every target on the one gateway").atMost(WAIT)
                .until(() -> dataGroups(first).size() == TARGETS && statusGroups(first).size() == TARGETS);
        alone.stop();

        // then two: each target lives on exactly one of them, its rendezvous owner, data and status together
        Set<String> ownedByFirst = new TreeSet<>();
        Set<String> ownedBySecond = new TreeSet<>();
        for (String instance : instances()) {
            String owner = RendezvousHashing.owner("job/node/instance/" + instance,
                    List.of(first.url(), second.url()));
            (owner.equals(first.url()) ? ownedByFirst : ownedBySecond).add(instance);
        }
        assertFalse(ownedByFirst.isEmpty(), "both gateways are used");
        assertFalse(ownedBySecond.isEmpty(), "both gateways are used");
        ManagedProcess two = startForwarder("work-two", first.url() + "," + second.url(), "shard");
        explained(two, () -> await("every target on its owner only").atMost(WAIT).until(() ->
                dataGroups(first).equals(ownedByFirst) && dataGroups(second).equals(ownedBySecond)
                        && statusGroups(first).equals(ownedByFirst) && statusGroups(second).equals(ownedBySecond)));
        Set<String> onSecond = dataGroups(second);
        // real data, not only the group: node_exporter's series are on the owner
        String sample = onSecond.iterator().next();
        assertTrue(second.seriesOf("node_load1", "node", sample) >= 1);
        assertEquals(0, first.seriesOf("node_load1", "node", sample),
                "the copy pushed while the first gateway was alone is gone");
    }

    @Test
    void replicateFillsEveryGatewayAndKeepsFillingOneWhenTheOtherStops() throws Exception {
        ManagedProcess forwarder = startForwarder("work-replicate", first.url() + "," + second.url(), "replicate");
        Set<String> all = new TreeSet<>(instances());
        explained(forwarder, () -> await("every target on both gateways").atMost(WAIT).until(() ->
                dataGroups(first).equals(all) && dataGroups(second).equals(all)
                        && statusGroups(first).equals(all) && statusGroups(second).equals(all)));

        stack.processNamed("pushgateway-" + second.url().substring(second.url().lastIndexOf(':') + 1)).stop();
        Map<String, Double> before = first.pushTimesByInstance("node");
        await("fresh pushes of every target to the gateway still up").atMost(WAIT).until(() -> {
            Map<String, Double> now = first.pushTimesByInstance("node");
            return all.stream().allMatch(i -> now.getOrDefault(i, 0.0) > before.get(i) + 2.5);
        });
        // the status group there still says the target is up, and counts the other gateway's failures
        String exposition = Loopback.get(first.url() + "/metrics");
        assertTrue(exposition.contains("push_forwarder_target_up{instance=\"sg-1\",job=\"node\",push_forwarder=\"status\"} 1"),
                exposition);
        assertTrue(exposition.contains("push_forwarder_gateway_failures_total{gateway=\"" + second.url() + "\""),
                "the stopped gateway's failures are counted");
    }
}
