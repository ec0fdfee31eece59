package io.pushforwarder.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.PushLog;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import io.pushforwarder.testing.TcpRelay;
import io.pushforwarder.testing.ZooKeeperServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ZooKeeper lock against a real ZooKeeper server, real forwarder processes and a real Pushgateway. Each forwarder
 * pushes under its own instance name, and a {@link PushLog} records every push the gateway receives, so that the
 * gateway itself shows who pushed when, and that no two forwarders pushed in the same period.
 */
class ZooKeeperLockIT {

    private static final long SESSION_TIMEOUT_MS = 4000;
    private static final long TICK_MS = 1000;
    private static final String READY = "zookeeper connected, waiting for the lock";
    /** For a JVM to start: generous, the machine is shared. Takeover bounds are measured on the gateway's clock. */
    private static final Duration START_UP = Duration.ofSeconds(40);

    /** Kept when a test fails: the forwarders' and ZooKeeper's logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private RealStack stack;
    private Pushgateway gateway;
    private String exporter;
    private PushLog log;

    @BeforeEach
    void startGatewayAndExporter() throws Exception {
        System.out.println("logs in " + dir);
        stack = new RealStack(dir);
        exporter = stack.startNodeExporter(Loopback.freePort());
        gateway = stack.startPushgateway();
        log = new PushLog(gateway, "node");
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        log.close();
        stack.close();
    }

    private ManagedProcess forwarder(String instance, ZooKeeperServer zooKeeper) throws Exception {
        return forwarder(instance, zooKeeper.connectString());
    }

    private ManagedProcess forwarder(String instance, String zooKeeperNodes) throws Exception {
        return stack.track(ForwarderProcess.start(instance, ForwarderProcess.workDir(dir, instance), Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_INSTANCE", instance,
                "FORWARDER_SCHEDULE", "0/1 * * * * ?",
                "FORWARDER_LOCK_TYPE", "zookeeper",
                "FORWARDER_LOCK_ZOOKEEPER_NODES", zooKeeperNodes,
                "FORWARDER_LOCK_ZOOKEEPER_SESSION_TIMEOUT", Long.toString(SESSION_TIMEOUT_MS))));
    }

    /** Waits until exactly one forwarder has pushed for a few seconds in a row after {@code since}; returns it. */
    private String awaitOneLeader(double since, Duration within) {
        await("a forwarder to push").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> !log.pushersAfter(since).isEmpty());
        holdsFor("the other forwarders to stay silent", Duration.ofSeconds(3),
                () -> log.pushersAfter(since).size() == 1);
        return log.pushersAfter(since).iterator().next();
    }

    /** Waits the whole period and fails, with the gateway's push log, the moment the condition is false. */
    private void holdsFor(String what, Duration period, Callable<Boolean> condition) {
        try {
            await(what).during(period).atMost(period.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                    .until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": did not hold for " + period + "; the pushes the gateway saw:\n" + log,
                    e);
        }
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    @Test
    void exactlyOneOfTwoPushesAndTheOtherTakesOverAfterAKillOrAStop() throws Exception {
        ZooKeeperServer zooKeeper = stack.startZooKeeper();
        ManagedProcess a = forwarder("fwd-a", zooKeeper);
        ManagedProcess b = forwarder("fwd-b", zooKeeper);
        a.awaitOutput(READY, START_UP);
        b.awaitOutput(READY, START_UP);
        String leader = awaitOneLeader(0, START_UP);
        ManagedProcess active = leader.equals("fwd-a") ? a : b;
        String standbyName = leader.equals("fwd-a") ? "fwd-b" : "fwd-a";
        ManagedProcess standby = active == a ? b : a;

        // kill -9: nothing is released; ZooKeeper expires the dead leader's session after the session timeout
        double killedAt = PushLog.now();
        active.kill9();
        await("the standby to take over after kill -9").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> log.firstPushAfter(standbyName, killedAt).isPresent());
        double takeover = log.firstPushAfter(standbyName, killedAt).orElseThrow().time() - killedAt;
        System.out.printf("kill -9 takeover: %.0f ms (session timeout %d ms, tick %d ms)%n", takeover * 1000,
                SESSION_TIMEOUT_MS, TICK_MS);
        assertTrue(takeover <= seconds(SESSION_TIMEOUT_MS + TICK_MS),
                "kill -9 takeover took " + takeover + " s; the bound is the session timeout plus one tick\n" + log);

        // a third forwarder stands by; a graceful stop closes the leader's session and hands over at once
        ManagedProcess c = forwarder("fwd-c", zooKeeper);
        c.awaitOutput(READY, START_UP);
        double cStarted = PushLog.now();
        holdsFor("c to stay standby", Duration.ofSeconds(3),
                () -> !log.pushersAfter(cStarted).contains("fwd-c"));
        double stoppedAt = PushLog.now();
        standby.stop();
        await("c to take over after SIGTERM").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> log.firstPushAfter("fwd-c", stoppedAt).isPresent());
        double handover = log.firstPushAfter("fwd-c", stoppedAt).orElseThrow().time() - stoppedAt;
        System.out.printf("SIGTERM handover: %.0f ms%n", handover * 1000);
        assertTrue(handover <= 3.0, "SIGTERM handover took " + handover + " s; the bound is 3 s\n" + log);
        assertEquals(143, standby.awaitExit(Duration.ofSeconds(10)), standby.output());

        // no tick pushed by two forwarders: the pushing role passed exactly twice, and never back and forth
        await("c to push a few ticks").atMost(Duration.ofSeconds(5))
                .until(() -> log.pushesAfter(stoppedAt).size() >= 3);
        assertEquals(List.of(leader, standbyName, "fwd-c"), log.turns(), log.toString());
    }

    @Test
    void aLeaderCutOffFromZooKeeperStopsPushingAndExactlyOneResumesWhenItIsBack() throws Exception {
        ZooKeeperServer zooKeeper = stack.startZooKeeper();
        ManagedProcess a = forwarder("fwd-a", zooKeeper);
        ManagedProcess b = forwarder("fwd-b", zooKeeper);
        a.awaitOutput(READY, START_UP);
        b.awaitOutput(READY, START_UP);
        String leader = awaitOneLeader(0, START_UP);
        ManagedProcess active = leader.equals("fwd-a") ? a : b;

        // Camel 4.18 alone keeps the cut-off leader's route running: only the leader guard stops these pushes
        double stoppedAt = PushLog.now();
        zooKeeper.stop();
        double silentFrom = stoppedAt + seconds(SESSION_TIMEOUT_MS);
        holdsFor("no push during the outage, from the session timeout on", Duration.ofSeconds(7),
                () -> log.pushesAfter(silentFrom).isEmpty());
        double lastPush = log.lastPushOf(leader).orElseThrow().time();
        System.out.printf("zookeeper outage: the leader's last push came %.0f ms after zookeeper stopped%n",
                (lastPush - stoppedAt) * 1000);
        active.awaitOutput("lock lost, pushing stopped: zookeeper connection (SUSPENDED|LOST)", Duration.ofSeconds(1));
        assertTrue(a.isAlive() && b.isAlive(), "a forwarder exited during the outage");

        double restartedAt = PushLog.now();
        zooKeeper.start();
        String next = awaitOneLeader(restartedAt, Duration.ofSeconds(20));
        System.out.printf("zookeeper back: %s pushed %.0f ms after the restart%n", next,
                (log.firstPushAfter(next, restartedAt).orElseThrow().time() - restartedAt) * 1000);
        List<String> turns = log.turns();
        assertTrue(turns.equals(List.of(leader)) || turns.equals(List.of(leader, next)),
                "the pushing role went back and forth:\n" + log);
    }

    /**
     * The split brain itself: the leader loses ZooKeeper while the standby keeps it, so ZooKeeper expires the leader's
     * session and elects the standby. Without the guard the cut-off leader pushes on (Camel 4.18) and both push.
     */
    @Test
    void aLeaderPartitionedFromZooKeeperStopsBeforeTheOtherTakesOver() throws Exception {
        ZooKeeperServer zooKeeper = stack.startZooKeeper();
        try (TcpRelay link = new TcpRelay(zooKeeper.port())) {
            ManagedProcess a = forwarder("fwd-a", link.connectString());
            assertEquals("fwd-a", awaitOneLeader(0, START_UP));
            ManagedProcess b = forwarder("fwd-b", zooKeeper);
            b.awaitOutput(READY, START_UP);
            double bReady = PushLog.now();
            holdsFor("b to stay standby", Duration.ofSeconds(2),
                    () -> !log.pushersAfter(bReady).contains("fwd-b"));

            double cutAt = PushLog.now();
            link.partition();
            await("b to take over from the cut-off leader").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> log.firstPushAfter("fwd-b", cutAt).isPresent());
            double firstOfB = log.firstPushAfter("fwd-b", cutAt).orElseThrow().time();
            holdsFor("the cut-off leader to stay silent", Duration.ofSeconds(4),
                    () -> log.lastPushOf("fwd-a").orElseThrow().time() < firstOfB);
            double lastOfA = log.lastPushOf("fwd-a").orElseThrow().time();
            System.out.printf("partition: a's last push %.0f ms after the cut, b's first %.0f ms after it%n",
                    (lastOfA - cutAt) * 1000, (firstOfB - cutAt) * 1000);
            a.awaitOutput("lock lost, pushing stopped: zookeeper connection (SUSPENDED|LOST)", Duration.ofSeconds(5));

            // the link comes back: a gets a new session and stands by behind b
            double healedAt = PushLog.now();
            link.heal();
            a.awaitOutput("zookeeper connected, waiting for the lock: state=RECONNECTED", Duration.ofSeconds(15));
            holdsFor("b to stay the only one pushing", Duration.ofSeconds(4),
                    () -> !log.pushersAfter(healedAt).contains("fwd-a"));
            assertEquals(List.of("fwd-a", "fwd-b"), log.turns(), log.toString());
        }
    }

    @Test
    void withoutZooKeeperAtStartUpNobodyPushesAndOneStartsOnceItAnswers() throws Exception {
        ZooKeeperServer zooKeeper = stack.zooKeeper();
        ManagedProcess a = forwarder("fwd-a", zooKeeper);
        ManagedProcess b = forwarder("fwd-b", zooKeeper);
        for (ManagedProcess forwarder : List.of(a, b)) {
            forwarder.awaitOutput("zookeeper unreachable, standing by and retrying", START_UP);
        }
        holdsFor("nobody to push, and nobody to give up, without ZooKeeper", Duration.ofSeconds(6),
                () -> log.pushes().isEmpty() && a.isAlive() && b.isAlive());

        double startedAt = PushLog.now();
        zooKeeper.start();
        String leader = awaitOneLeader(startedAt, Duration.ofSeconds(20));
        System.out.printf("zookeeper up: %s pushed %.0f ms after it started%n", leader,
                (log.firstPushAfter(leader, startedAt).orElseThrow().time() - startedAt) * 1000);
        assertEquals(List.of(leader), log.turns(), log.toString());
        assertEquals(Set.of(leader), log.pushersAfter(0));
    }
}
