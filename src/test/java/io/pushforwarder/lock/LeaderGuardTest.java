package io.pushforwarder.lock;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pushforwarder.testing.LogCapture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard's state machine, driven as Curator and the cluster view drive it. Flat, without nested classes, so that
 * {@code -Dtest=LeaderGuardTest} runs every case.
 */
class LeaderGuardTest {

    /** Curator's own leadership flag, which the guard reads at every push. */
    private final AtomicBoolean elected = new AtomicBoolean(true);
    private final LeaderGuard guard = new LeaderGuard();

    private LeaderGuard zooKeeperGuard() {
        guard.setLockName("zookeeper");
        guard.requireConfirmedLeadership(elected::get);
        return guard;
    }

    private LeaderGuard zooKeeperLeader() {
        zooKeeperGuard();
        guard.connectionChanged("CONNECTED");
        guard.leadershipChanged(true);
        assertTrue(guard.mayPush());
        return guard;
    }

    @Test
    void withTheFileLockOrNoneEveryPushIsAllowed() {
        assertTrue(guard.mayPush());
        guard.leadershipChanged(false);
        assertTrue(guard.mayPush(), "the file lock's policy stops the route; the guard only logs");
        guard.leadershipChanged(true);
        assertTrue(guard.mayPush());
    }

    @Test
    void nothingIsPushedBeforeTheFirstConnection() {
        zooKeeperGuard();
        assertFalse(guard.mayPush());
        assertEquals("not the lock holder: no answer from zookeeper yet", guard.refusal());

        guard.leadershipChanged(true);
        assertFalse(guard.mayPush(), "a leadership without a connection cannot be confirmed");
    }

    @Test
    void aConnectionAloneIsNotTheLock() {
        zooKeeperGuard().connectionChanged("CONNECTED");
        assertFalse(guard.mayPush());
        assertEquals("not the lock holder: zookeeper does not confirm this forwarder as leader", guard.refusal());
    }

    @Test
    void aSuspendedConnectionStopsTheLeaderAtOnceWithoutALeadershipEvent() {
        zooKeeperLeader().connectionChanged("SUSPENDED");
        assertFalse(guard.mayPush());
        assertEquals("not the lock holder: zookeeper connection SUSPENDED", guard.refusal());
    }

    @Test
    void aLostSessionStopsTheLeader() {
        zooKeeperLeader().connectionChanged("LOST");
        assertFalse(guard.mayPush());
        assertEquals("not the lock holder: zookeeper connection LOST", guard.refusal());
    }

    @Test
    void aReadOnlyConnectionIsNoLock() {
        zooKeeperLeader().connectionChanged("READ_ONLY");
        assertFalse(guard.mayPush());
    }

    @Test
    void afterAReconnectionTheLeadershipMustBeConfirmedAgain() {
        zooKeeperLeader().connectionChanged("SUSPENDED");
        guard.connectionChanged("RECONNECTED");
        assertFalse(guard.mayPush(), "the leadership of before the outage counts no more");

        guard.leadershipChanged(true);
        assertTrue(guard.mayPush());
    }

    @Test
    void aCheckAgainstZooKeeperConfirmsOrDeniesTheLeadership() {
        zooKeeperGuard().connectionChanged("CONNECTED");
        guard.leadershipChecked(guard.generation(), true);
        assertTrue(guard.mayPush());

        guard.leadershipChecked(guard.generation(), false);
        assertFalse(guard.mayPush());
    }

    @Test
    void aCheckThatStartedBeforeAConnectionChangeIsDropped() {
        zooKeeperGuard().connectionChanged("CONNECTED");
        long generation = guard.generation();
        // the check reads ZooKeeper while the connection drops and comes back
        guard.connectionChanged("SUSPENDED");
        guard.connectionChanged("RECONNECTED");
        guard.leadershipChecked(generation, true);
        assertFalse(guard.mayPush(), "an answer about the old session must not confirm the new one");

        guard.leadershipChecked(guard.generation(), true);
        assertTrue(guard.mayPush());
    }

    @Test
    void aLeadershipReportedDuringAnOutageDoesNotSurviveTheReconnection() {
        zooKeeperLeader().connectionChanged("SUSPENDED");
        guard.leadershipChanged(true);
        assertFalse(guard.mayPush());

        guard.connectionChanged("RECONNECTED");
        assertFalse(guard.mayPush());
    }

    @Test
    void theElectionGivingTheLockUpStopsThePushBeforeAnyEventSaysSo() {
        zooKeeperLeader();
        elected.set(false);
        assertFalse(guard.mayPush(), "Curator's flag is read at every push");

        elected.set(true);
        assertTrue(guard.mayPush());
    }

    @Test
    void anotherLeaderStopsThePush() {
        zooKeeperLeader().leadershipChanged(false);
        assertFalse(guard.mayPush());
        assertEquals("not the lock holder: zookeeper does not confirm this forwarder as leader", guard.refusal());
    }

    @Test
    void theLeaderResumesByItselfOnceItWinsTheElectionAgain() {
        zooKeeperLeader().connectionChanged("SUSPENDED");
        guard.connectionChanged("LOST");
        guard.connectionChanged("RECONNECTED");
        guard.leadershipChecked(guard.generation(), false);
        assertFalse(guard.mayPush());

        guard.leadershipChanged(true);
        assertTrue(guard.mayPush());
    }

    /** Seen in ZooKeeperLockIT: Curator dropped its leadership flag on SUSPENDED before the guard heard of it. */
    @Test
    void theLockLostLineFollowsTheAcquiredOneEvenWhenTheElectionDroppedItsFlagFirst() {
        try (LogCapture log = new LogCapture("forwarder.lock")) {
            zooKeeperLeader();
            elected.set(false);
            guard.connectionChanged("SUSPENDED");

            assertEquals(List.of("INFO zookeeper connected, waiting for the lock: state=CONNECTED",
                    "INFO lock acquired, pushing: lock=zookeeper",
                    "INFO lock lost, pushing stopped: zookeeper connection SUSPENDED"), log.lines());
        }
    }

    @Test
    void aStandbyThatLosesTheConnectionSaysItStandsBy() {
        try (LogCapture log = new LogCapture("forwarder.lock")) {
            zooKeeperGuard().connectionChanged("CONNECTED");
            guard.connectionChanged("SUSPENDED");

            assertEquals(List.of("INFO zookeeper connected, waiting for the lock: state=CONNECTED",
                    "INFO zookeeper unreachable, standing by and retrying: connection SUSPENDED"), log.lines());
        }
    }
}
