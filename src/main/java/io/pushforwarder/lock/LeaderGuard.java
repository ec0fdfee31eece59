package io.pushforwarder.lock;

import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers, at push time, whether this forwarder may push: the route's {@code check-leadership} step asks it right
 * before every push.
 *
 * <p>The clustered route policy alone is not enough with ZooKeeper: in Camel 4.18 a leader cut off from ZooKeeper is
 * never told that it lost the lock, so its routes keep running while another forwarder takes over. The guard
 * therefore follows the ZooKeeper connection itself:
 *
 * <ul>
 *   <li>SUSPENDED or LOST: no push, at once, without waiting for any leadership event;</li>
 *   <li>CONNECTED or RECONNECTED: still no push until the leadership is confirmed again, by a leadership event or by a
 *       check against ZooKeeper that started after the (re)connection;</li>
 *   <li>and at every push, the election's own flag must still say that it holds the lock: Curator clears it before
 *       it deletes the lock node, so there is no moment when another forwarder holds the lock and this one pushes.</li>
 * </ul>
 *
 * <p>Until {@link #requireConfirmedLeadership} is called the guard allows every push: with the file lock or no lock
 * the policy alone starts and stops the routes, and the guard only logs the leadership changes. Plain Java, without
 * Camel or Curator types, so that its state machine is tested on its own.
 */
public class LeaderGuard {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.lock");

    private String lockName = "lock";
    private boolean enforcing;
    private BooleanSupplier elected = () -> true;
    /** The last connection state reported, in Curator's words; null before the first report. */
    private String connection;
    private boolean connected;
    private boolean everConnected;
    private boolean leader;
    /** Counts connection changes, so that a leadership check cannot outlive the connection it ran on. */
    private long generation;
    /**
     * Whether the last lock line logged said "pushing". The "lock lost" line follows it whatever the election's own
     * flag says by then: Curator may drop that flag on SUSPENDED before it reports the connection change.
     */
    private boolean announcedPushing;

    /** The lock's name in log lines and refusals, e.g. zookeeper. */
    public synchronized void setLockName(String lockName) {
        this.lockName = lockName;
    }

    /**
     * Called by a lock that can lose its leadership behind the route policy's back (ZooKeeper): from now on a push
     * needs a live connection, a confirmed leadership, and {@code elected} to answer true.
     *
     * @param elected the election's own leadership flag, read at each push; it must not block
     */
    public synchronized void requireConfirmedLeadership(BooleanSupplier elected) {
        this.enforcing = true;
        this.elected = elected;
    }

    /** Whether the tick in hand may push now. */
    public synchronized boolean mayPush() {
        return !enforcing || holdsLock();
    }

    /** Why a push is refused, for the skipped tick's log line. */
    public synchronized String refusal() {
        if (!enforcing || holdsLock()) {
            return "not the lock holder";
        }
        if (connection == null) {
            return "not the lock holder: no answer from " + lockName + " yet";
        }
        if (!connected) {
            return "not the lock holder: " + lockName + " connection " + connection;
        }
        return "not the lock holder: " + lockName + " does not confirm this forwarder as leader";
    }

    /**
     * A change of the connection state, in Curator's words: CONNECTED, SUSPENDED, RECONNECTED, LOST or READ_ONLY. Any
     * change forgets the leadership: after a reconnection it must be confirmed again.
     */
    public synchronized void connectionChanged(String state) {
        boolean held = announcedPushing || holdsLock();
        announcedPushing = false;
        generation++;
        connection = state;
        connected = state.equals("CONNECTED") || state.equals("RECONNECTED");
        leader = false;
        if (held) {
            LOG.info("lock lost, pushing stopped: {} connection {}", lockName, state);
        } else if (connected) {
            LOG.info("{} connected, waiting for the lock: state={}", lockName, state);
        } else if (!everConnected) {
            LOG.info("{} unreachable, standing by and retrying: no connection since start-up ({})", lockName, state);
        } else {
            LOG.info("{} unreachable, standing by and retrying: connection {}", lockName, state);
        }
        everConnected |= connected;
    }

    /** Logs the standby once when no connection state was reported at all since start-up. */
    public synchronized void noAnswerSinceStartUp(long waitedMs) {
        if (connection == null) {
            LOG.info("{} unreachable, standing by and retrying: no answer within {} ms of start-up", lockName,
                    waitedMs);
        }
    }

    /** The generation to hand to {@link #leadershipChecked}: read it before the check starts. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * The cluster view's leadership event. A leadership reported while the connection is down is not taken: it
     * cannot be confirmed, and the first check after the reconnection tells.
     */
    public synchronized void leadershipChanged(boolean isLeader) {
        setLeader(isLeader);
    }

    /**
     * The result of a leadership check against ZooKeeper. Dropped when the connection changed since {@code
     * generationAtStart}: the answer may describe a session that is gone.
     */
    public synchronized void leadershipChecked(long generationAtStart, boolean isLeader) {
        if (generationAtStart == generation) {
            setLeader(isLeader);
        }
    }

    private void setLeader(boolean isLeader) {
        leader = isLeader;
        if (!announcedPushing && holdsLock()) {
            announcedPushing = true;
            LOG.info("lock acquired, pushing: lock={}", lockName);
        } else if (announcedPushing && !holdsLock()) {
            announcedPushing = false;
            LOG.info("lock lost, pushing stopped: this forwarder is no longer the leader");
        }
    }

    /** The file lock has no connection to lose: its view's leadership is the whole story. */
    private boolean holdsLock() {
        return leader && (!enforcing || connected && elected.getAsBoolean());
    }
}
