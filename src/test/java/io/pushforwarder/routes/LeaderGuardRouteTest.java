package io.pushforwarder.routes;

import io.pushforwarder.status.TargetHealth;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check-leadership step: the guard is asked at push time, after a good scrape, and a refusal is recorded as a
 * skipped tick with the guard's reason. The guard is driven as the ZooKeeper lock drives it.
 */
class LeaderGuardRouteTest extends ForwarderRouteTestSupport {

    @BeforeEach
    void leadWithZooKeeper() {
        leaderGuard.setLockName("zookeeper");
        leaderGuard.requireConfirmedLeadership(() -> true);
        leaderGuard.connectionChanged("CONNECTED");
        leaderGuard.leadershipChanged(true);
    }

    private TargetHealth health() {
        return context.getRegistry().findSingleByType(TargetHealth.class);
    }

    @Test
    void theLeaderPushes() {
        tick();

        assertEquals(1, dataPushes().size());
    }

    @Test
    void aSuspendedConnectionStopsThePushButNotTheScrape() {
        leaderGuard.connectionChanged("SUSPENDED");

        tick();

        assertEquals(1, exporter.requests().size(), "the scrape runs: the check is at push time");
        assertEquals(0, gateway.requests().size(), "neither data nor status: a forwarder without the lock pushes nothing");
        assertEquals("not the lock holder: zookeeper connection SUSPENDED", health().downReason("forward-node-exporter"));
    }

    @Test
    void afterAReconnectionNothingIsPushedUntilTheLeadershipIsConfirmed() {
        leaderGuard.connectionChanged("SUSPENDED");
        leaderGuard.connectionChanged("RECONNECTED");
        tick();
        assertEquals(0, gateway.requests().size());

        leaderGuard.leadershipChanged(true);
        tick();

        assertEquals(1, dataPushes().size());
        assertTrue(health().isUp("forward-node-exporter"));
    }
}
