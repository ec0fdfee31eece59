package io.pushforwarder.lock;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorHelper;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper lock: camel-zookeeper's cluster service, plus what Camel 4.18 leaves out of it.
 *
 * <p>This class owns the Curator client so that it can watch the connection, which the cluster service keeps to
 * itself, and it runs a check every {@code checkIntervalMs} while connected:
 *
 * <ul>
 *   <li>it confirms the leadership to the {@link LeaderGuard} against ZooKeeper (our lock node is the first one and
 *       this JVM's election holds it);</li>
 *   <li>it puts this forwarder back into the election when it has dropped out. Camel's view never re-enters the
 *       election on its own: after a lost connection, or when ZooKeeper was down at start-up, the forwarder would
 *       stand by for ever.</li>
 * </ul>
 *
 * <p>Added to the context before the cluster service, so that the client exists before the service starts and is
 * closed only after it stopped.
 */
public final class ZooKeeperLock extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.lock");

    private final CamelContext context;
    private final LeaderGuard guard;
    private final long checkIntervalMs;
    private final long connectionTimeoutMs;
    private final CuratorFramework curator;
    private final ZooKeeperClusterService service;
    private CamelClusterView view;
    private volatile ScheduledExecutorService executor;
    /** Checks in a row that found this forwarder outside the election; see {@link #check()}. */
    private int missedChecks;

    ZooKeeperLock(CamelContext context, LeaderGuard guard, String nodes, long sessionTimeoutMs, String basePath,
            String nodeId, long checkIntervalMs) {
        this.context = context;
        this.guard = guard;
        this.checkIntervalMs = checkIntervalMs;
        this.connectionTimeoutMs = Math.max(1000, sessionTimeoutMs / 2);

        ZooKeeperCuratorConfiguration configuration = new ZooKeeperCuratorConfiguration();
        configuration.setNodes(nodes);
        configuration.setBasePath(basePath);
        configuration.setSessionTimeout(sessionTimeoutMs);
        // a call to an unreachable ZooKeeper gives up after this; a stop during an outage waits for it
        configuration.setConnectionTimeout(connectionTimeoutMs);
        // one quick retry: the election check is the retry loop, every checkIntervalMs
        configuration.setRetryPolicy(new RetryNTimes(1, 500));
        this.curator = ZooKeeperCuratorHelper.createCurator(configuration);
        this.curator.getConnectionStateListenable().addListener(this::connectionChanged);
        configuration.setCuratorFramework(curator);

        this.service = new ZooKeeperClusterService(configuration);
        // the node's name in the election; ZooKeeperClusterService fails with an NPE without one
        this.service.setId(nodeId);
        this.service.setCamelContext(context);
    }

    ZooKeeperClusterService clusterService() {
        return service;
    }

    /**
     * Registers the guard as a listener of the view. Called before the service starts: on a running view,
     * adding a listener asks ZooKeeper for the leader, which blocks while ZooKeeper is unreachable.
     */
    void watchLeadership() throws Exception {
        view = service.getView(SingleInstanceLock.NAMESPACE);
        guard.setLockName("zookeeper");
        // Curator's LeaderSelector flag: no ZooKeeper call, and cleared before the lock node is deleted
        guard.requireConfirmedLeadership(() -> view.getLocalMember().isLeader());
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) ->
                // the event alone is ambiguous: the end of a leadership is reported with the old leader, so only the
                // election's own flag says that we still lead
                guard.leadershipChanged(leader != null && leader.isLocal() && v.getLocalMember().isLeader()));
    }

    @Override
    protected void doStart() {
        executor = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "forwarder-zookeeper-lock");
        curator.start();
        executor.scheduleWithFixedDelay(this::check, checkIntervalMs, checkIntervalMs, TimeUnit.MILLISECONDS);
        // Curator reports nothing at all when it never connects and no call fails, so the guard is told here
        executor.schedule(() -> guard.noAnswerSinceStartUp(connectionTimeoutMs), connectionTimeoutMs,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        // closing the session deletes our lock node at once: a standby takes over without waiting for its expiry
        curator.close();
    }

    /** Curator's event thread: no ZooKeeper calls here, the check runs on our own thread. */
    private void connectionChanged(CuratorFramework client, ConnectionState state) {
        guard.connectionChanged(state.name());
        ScheduledExecutorService checks = executor;
        if (state.isConnected() && checks != null) {
            try {
                checks.execute(this::check);
            } catch (RejectedExecutionException e) {
                // stopping: no more checks
            }
        }
    }

    /**
     * Confirms the leadership against ZooKeeper and rejoins the election when this forwarder dropped out. A forwarder
     * that has just (re)joined has no lock node for a few milliseconds, so it rejoins only after two checks in a row
     * found none.
     */
    void check() {
        long generation = guard.generation();
        if (view == null || !service.isStarted() || !curator.getZookeeperClient().isConnected()) {
            return;
        }
        try {
            boolean leader = view.getLocalMember().isLeader()
                    && view.getLeader().map(CamelClusterMember::isLocal).orElse(false);
            guard.leadershipChecked(generation, leader);
            boolean candidate = leader || view.getMembers().stream().anyMatch(CamelClusterMember::isLocal);
            missedChecks = candidate ? 0 : missedChecks + 1;
            if (missedChecks >= 2) {
                missedChecks = 0;
                LOG.info("rejoining the election: this forwarder had dropped out of it (id={})", service.getId());
                // a stop and start of the view is the one public way to requeue its Curator LeaderSelector
                service.stopView(SingleInstanceLock.NAMESPACE);
                service.startView(SingleInstanceLock.NAMESPACE);
            }
        } catch (Exception e) {
            // the connection dropped during the check; the connection listener has told the guard already
            LOG.debug("leadership check failed, next one in {} ms: {}", checkIntervalMs, e.toString());
        }
    }
}
